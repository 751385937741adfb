import {parseAllDocuments} from 'yaml'
import type {ControlPlane, KubeObject} from './control-plane.js'
import type {ReleaseRecord} from './stack-checks.js'

/**
 * The only exceptions the cluster suite makes, all for the same reason: on the test control plane
 * no controller of the stack ever runs (no container runs), so what those controllers would do on
 * a real cluster is not done. Each rule names the controller and what it would do; anything else
 * a pod names must exist, and anything else a second install changes is a change.
 *
 * 1. Objects pods name that a controller creates (madeElsewhere).
 * 2. Fields a controller takes over after the first install (CONTROLLER_OWNED_FIELDS).
 */

/** An object a pod names that a controller which never runs here would create. */
export interface MadeElsewhere {
  kind: 'ConfigMap' | 'Secret'
  namespace: string
  name: string
  /** Which controller creates it, and from what. */
  reason: string
}

// biome-ignore lint/suspicious/noExplicitAny: rendered manifests are walked loosely
type Doc = Record<string, any>

function manifestDocs(manifest: string | undefined): Doc[] {
  if (!manifest) return []
  return parseAllDocuments(manifest)
    .map((doc) => doc.toJS() as Doc | null)
    .filter((doc): doc is Doc => doc !== null && typeof doc === 'object')
}

/** A flag value, unless it is a `$(VAR)` reference (the chart passes the pod's namespace so). */
function literal(value: string | undefined): string | undefined {
  return value && !value.includes('$(') ? value : undefined
}

function argValue(args: string[], flag: string): string | undefined {
  for (let index = 0; index < args.length; index++) {
    const arg = args[index]!
    if (arg === flag) return args[index + 1]
    if (arg.startsWith(`${flag}=`)) return arg.slice(flag.length + 1)
  }
  return undefined
}

export async function madeElsewhere(
  cluster: ControlPlane,
  records: ReleaseRecord[],
): Promise<MadeElsewhere[]> {
  const found: MadeElsewhere[] = []
  const list = async (path: string) => {
    try {
      return (await cluster.api<{items: KubeObject[]}>('GET', path)).items
    } catch {
      return [] // the CRD is not installed
    }
  }
  // cert-manager's controller writes each Certificate's spec.secretName.
  for (const certificate of await list('/apis/cert-manager.io/v1/certificates')) {
    found.push({
      kind: 'Secret',
      namespace: certificate.metadata.namespace,
      name: certificate.spec.secretName,
      reason: `cert-manager issues Certificate ${certificate.metadata.name} into it`,
    })
  }
  // The ECK operator writes an Elasticsearch's elastic user and its HTTP certificates.
  for (const elasticsearch of await list('/apis/elasticsearch.k8s.elastic.co/v1/elasticsearches')) {
    const {namespace, name} = elasticsearch.metadata
    for (const suffix of [
      'es-elastic-user',
      'es-http-certs-public',
      'es-http-certs-internal',
      'es-http-ca-internal',
    ])
      found.push({
        kind: 'Secret',
        namespace,
        name: `${name}-${suffix}`,
        reason: `the ECK operator writes it for Elasticsearch ${name}`,
      })
  }
  // istiod publishes its root certificate as ConfigMap istio-ca-root-cert in every namespace.
  const istiod = (await list('/apis/apps/v1/deployments')).some((deployment) =>
    (deployment.spec?.template?.spec?.containers ?? []).some((container: KubeObject) =>
      /\/pilot:|istio\/pilot/.test(container.image ?? ''),
    ),
  )
  if (istiod) {
    for (const namespace of await list('/api/v1/namespaces'))
      found.push({
        kind: 'ConfigMap',
        namespace: namespace.metadata.name,
        name: 'istio-ca-root-cert',
        reason: 'istiod publishes its root certificate into every namespace',
      })
  }
  // trust-manager writes each Bundle's target ConfigMap (or Secret), named like the Bundle, into
  // the namespaces its namespaceSelector matches (every namespace without one).
  const bundles = await list('/apis/trust.cert-manager.io/v1alpha1/bundles')
  const namespaces = bundles.length ? await list('/api/v1/namespaces') : []
  for (const bundle of bundles) {
    const selector: Record<string, string> = bundle.spec?.target?.namespaceSelector?.matchLabels ?? {}
    for (const namespace of namespaces) {
      const labels: Record<string, string> = namespace.metadata.labels ?? {}
      if (!Object.entries(selector).every(([key, value]) => labels[key] === value)) continue
      for (const kind of ['ConfigMap', 'Secret'] as const) {
        if (!bundle.spec?.target?.[kind === 'ConfigMap' ? 'configMap' : 'secret']) continue
        found.push({
          kind,
          namespace: namespace.metadata.name,
          name: bundle.metadata.name,
          reason: `trust-manager writes it for Bundle ${bundle.metadata.name}`,
        })
      }
    }
  }
  // Hook Jobs (kube-webhook-certgen) write the Secret named by --secret-name; kwok completes their
  // pods without running them.
  for (const record of records) {
    for (const hook of record.release.hooks ?? []) {
      for (const doc of manifestDocs(hook.manifest)) {
        if (doc.kind !== 'Job') continue
        for (const container of doc.spec?.template?.spec?.containers ?? []) {
          const args: string[] = [...(container.command ?? []), ...(container.args ?? [])].map(String)
          const secret = argValue(args, '--secret-name')
          if (!secret) continue
          found.push({
            kind: 'Secret',
            namespace: literal(argValue(args, '--namespace')) ?? doc.metadata?.namespace ?? record.namespace,
            name: secret,
            reason: `hook Job ${doc.metadata?.name} of release ${record.name} writes it (${container.image})`,
          })
        }
      }
    }
  }
  return found
}

/** A field of a rendered object that its controller owns once it runs. */
export interface ControllerOwnedField {
  kind: string
  /** Matches the object's name. */
  name: RegExp
  /** Matches the dotted path of the field (array items by index). */
  path: RegExp
  reason: string
}

export const CONTROLLER_OWNED_FIELDS: ControllerOwnedField[] = [
  {
    kind: 'ValidatingWebhookConfiguration',
    name: /^istio(d-default-validator|-validator-)/,
    path: /^webhooks\.\d+\.failurePolicy$/,
    reason:
      "Istio's charts render failurePolicy: Ignore on the first install only (not .Release.IsUpgrade): " +
      "istiod's webhook controller switches it to Fail once its webhook serves, and later renderings " +
      'leave the field to istiod',
  },
]

export function controllerOwned(kind: string, name: string, path: string): ControllerOwnedField | undefined {
  return CONTROLLER_OWNED_FIELDS.find(
    (field) => field.kind === kind && field.name.test(name) && field.path.test(path),
  )
}
