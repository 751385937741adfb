import type {Answers} from '../answers/schema.js'
import type {ChartSettings, LogSink, RewrittenField, SecretEnv, SecretFile, Setting} from './types.js'

/**
 * Builds a Setting from a dotted path. Keys that contain dots (Grafana's `datasources.yaml`) are
 * passed as an array instead.
 */
/** Scraped by whichever collector the stack runs: ServiceMonitors for the operator, annotations for Prometheus. */
export const ANY_COLLECTOR: readonly ('operator' | 'annotations')[] = ['operator', 'annotations']

export function set(path: string | string[], value: unknown, why: string): Setting {
  return {path: Array.isArray(path) ? path : path.split('.'), value, why}
}

/** Collects settings for several charts, dropping the `false` entries of conditional lists. */
export function settingsFor(
  entries: Record<string, Array<Setting | false | '' | null | undefined>>,
): ChartSettings {
  const result: ChartSettings = {}
  for (const [alias, list] of Object.entries(entries)) {
    result[alias] = list.filter((entry): entry is Setting => Boolean(entry))
  }
  return result
}

/**
 * Where the image mirror holds an upstream image: its path without the upstream host
 * (`quay.io/cilium/cilium` → `<registry>/cilium/cilium`), as charts' `global.imageRegistry` does.
 * Docker Hub names are kept as written (`busybox` → `<registry>/busybox`).
 */
export function mirrored(registry: string, source: string): string {
  const [first, ...rest] = source.split('/')
  const hasHost = rest.length > 0 && (/[.:]/.test(first!) || first === 'localhost')
  return `${registry}/${hasHost ? rest.join('/') : source}`
}

/** A value that points one image (or a chart's every image) at the image mirror. */
export function mirrorSet(path: string | string[], value: string, source: string): Setting {
  return set(path, value, `Pulled from the image mirror (--registry) instead of ${source}.`)
}

/**
 * Points each value (an image's repository or full name, by its path) at the mirror's copy of the
 * upstream image it names: `{'image.repository': 'quay.io/cilium/cilium'}`.
 */
export function mirrorImages(registry: string, images: Record<string, string>): Setting[] {
  return Object.entries(images).map(([path, source]) => mirrorSet(path, mirrored(registry, source), source))
}

/** `<service>.<namespace>.svc` — cluster-local DNS name that does not depend on a search path. */
export function serviceHost(service: string, namespace: string): string {
  return `${service}.${namespace}.svc`
}

/** Annotation that makes cert-manager issue an exposed UI's TLS certificate. */
export function certificateAnnotations(answers: Answers): Record<string, string> {
  return {'cert-manager.io/cluster-issuer': answers.tlsIssuer}
}

/** A container env entry read from a key of an existing Secret. */
export function secretEnvVar(env: SecretEnv): {
  name: string
  valueFrom: {secretKeyRef: {name: string; key: string}}
} {
  return {name: env.name, valueFrom: {secretKeyRef: {name: env.secretName, key: env.secretKey}}}
}

/** The pod volume, its mount, and the file path for a Secret key mounted read-only under `dir`. */
export function secretFileMount(file: SecretFile, volume: string, dir: string) {
  return {
    volume: {name: volume, secret: {secretName: file.secretName}},
    mount: {name: volume, mountPath: dir, readOnly: true},
    path: `${dir}/${file.secretKey}`,
  }
}

/**
 * What a log agent needs to reach its store: the store's CA mounted read-only (when it publishes one)
 * under the chart's own volume keys, and the password as an env variable from the store's Secret.
 */
export function storeAccessSettings(
  sink: LogSink,
  chart: {volumesKey: string; mountsKey: string; mountDir: string; envKey?: string},
): Setting[] {
  const settings: Setting[] = []
  if (sink.ca) {
    const {volume, mount} = secretFileMount(sink.ca, 'store-ca', chart.mountDir)
    settings.push(
      set(
        chart.volumesKey,
        [volume],
        `The ${sink.kind} CA certificate, from the Secret ${sink.ca.secretName}.`,
      ),
      set(chart.mountsKey, [mount], `Mounted read-only so the outputs verify ${sink.kind}'s certificate.`),
    )
  }
  if (sink.password) {
    settings.push(
      set(
        chart.envKey ?? 'env',
        [secretEnvVar(sink.password)],
        `The ${sink.kind} password, read from the Secret ${sink.password.secretName} (key ` +
          `${sink.password.secretKey}) and expanded in the output configuration.`,
      ),
    )
  }
  return settings
}

const WEBHOOK_KINDS = ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'] as const
type WebhookKind = (typeof WEBHOOK_KINDS)[number]
const CA_INJECTOR = "cert-manager's CA injector writes this caBundle after install"

/** Webhook configurations of a chart whose caBundle `writer` fills in after install. */
export function writtenWebhookCa(
  alias: string,
  writer: string,
  kinds: readonly WebhookKind[] = WEBHOOK_KINDS,
): RewrittenField[] {
  return kinds.map((kind) => ({
    alias,
    group: 'admissionregistration.k8s.io',
    kind,
    jqPath: '.webhooks[]?.clientConfig.caBundle',
    why: `${writer} (${alias}'s webhooks).`,
  }))
}

/** Webhook configurations whose caBundle cert-manager's CA injector fills in (cert-manager.io/inject-ca-from). */
export function injectedWebhookCa(
  alias: string,
  kinds: readonly WebhookKind[] = WEBHOOK_KINDS,
): RewrittenField[] {
  return writtenWebhookCa(alias, CA_INJECTOR, kinds)
}

/** An APIService whose caBundle cert-manager's CA injector fills in. */
export function injectedApiServiceCa(alias: string): RewrittenField[] {
  return [
    {
      alias,
      group: 'apiregistration.k8s.io',
      kind: 'APIService',
      jqPath: '.spec.caBundle',
      why: `${CA_INJECTOR} (${alias}'s APIService).`,
    },
  ]
}
