import {
  ANY_COLLECTOR,
  mirrorImages,
  secretFileMount,
  set,
  settingsFor,
  storeAccessSettings,
} from '../settings.js'
import type {Component, LogSink} from '../types.js'

/** Where this chart takes extra volumes, and where the store's CA certificate is mounted. */
const STORE_ACCESS = {
  volumesKey: 'extraVolumes',
  mountsKey: 'extraVolumeMounts',
  mountDir: '/fluent-bit/store-ca',
}

const METRICS_PORT = '2020'

type Entry = [key: string, value: string | number]

/** One classic-mode `[OUTPUT]` section, keys aligned. */
function section(entries: Entry[]): string {
  const width = Math.max(...entries.map(([key]) => key.length))
  return ['[OUTPUT]', ...entries.map(([key, value]) => `    ${key.padEnd(width)} ${value}`)].join('\n')
}

/**
 * Outputs for the chart's two inputs: container logs (tag kube.*) and the kubelet's journal (tag host.*).
 * A password is a `${VAR}` reference that Fluent Bit expands from the environment.
 */
export function fluentBitOutputs(sink: LogSink): string {
  const target: Entry[] = [
    ['Host', sink.host],
    ['Port', sink.port],
  ]
  if (sink.kind === 'loki') {
    if (sink.tenant) target.push(['Tenant_ID', sink.tenant])
    if (sink.tls) target.push(['tls', 'On'])
    const output = (match: string, labels: string): string =>
      section([
        ['Name', 'loki'],
        ['Match', match],
        ...target,
        ['Labels', labels],
        ['Line_Format', 'json'],
        ['Retry_Limit', 'False'],
      ])
    const kubeLabels =
      "job=fluent-bit, namespace=$kubernetes['namespace_name'], pod=$kubernetes['pod_name'], " +
      "container=$kubernetes['container_name']"
    return `${output('kube.*', kubeLabels)}\n\n${output('host.*', 'job=fluent-bit, source=journal')}\n`
  }
  if (sink.user) target.push(['HTTP_User', sink.user])
  if (sink.password) target.push(['HTTP_Passwd', `\${${sink.password.name}}`])
  if (sink.tls) {
    target.push(['tls', 'On'])
    if (sink.ca) {
      target.push(['tls.verify', 'On'])
      target.push(['tls.ca_file', secretFileMount(sink.ca, 'store-ca', STORE_ACCESS.mountDir).path])
    } else {
      // No CA published for this store: traffic is encrypted, the certificate is not verified.
      target.push(['tls.verify', 'Off'])
    }
  }
  const output = (match: string, prefix: string): string =>
    section([
      ['Name', sink.kind === 'elasticsearch' ? 'es' : 'opensearch'],
      ['Match', match],
      ...target,
      ['Logstash_Format', 'On'],
      ['Logstash_Prefix', prefix],
      // Elasticsearch 8+ and OpenSearch reject mapping types; dots in Kubernetes label keys clash in mappings.
      ['Suppress_Type_Name', 'On'],
      ['Replace_Dots', 'On'],
      ['Retry_Limit', 'False'],
    ])
  return `${output('kube.*', 'logstash')}\n\n${output('host.*', 'node')}\n`
}

export const fluentBit: Component = {
  id: 'fluent-bit',
  title: 'Fluent Bit',
  category: 'logging',
  shipsLogs: true,
  scrapedBy: ANY_COLLECTOR,
  description:
    'Lightweight log agent on every node: tails container logs and the kubelet journal, adds Kubernetes ' +
    "metadata and ships them to the stack's log store.",
  lifecycle: {
    status: 'maintained',
    note:
      'Maintained by the Fluent project (CNCF graduated); the fluent/helm-charts README now suggests the ' +
      'fluent-bit-collector chart for new installs.',
  },
  // Reads the node's log directories through hostPath volumes.
  podSecurity: 'privileged',
  charts: [
    {
      alias: 'fluent-bit',
      chart: 'fluent-bit',
      version: '0.58.1',
      repository: 'https://fluent.github.io/helm-charts',
      layer: 'platform',
      upstreamDir: 'fluent-bit',
    },
  ],
  requires: [
    {
      anyOf: ['loki', 'elasticsearch', 'opensearch'],
      why: 'a log agent needs a store to ship logs to (its default output is a host that does not exist)',
      fix: '--log-store loki',
    },
  ],
  mirror(registry) {
    return settingsFor({
      'fluent-bit': mirrorImages(registry, {
        'image.repository': 'cr.fluentbit.io/fluent/fluent-bit',
        // The connection test `helm test` runs.
        'testFramework.image.repository': 'busybox',
      }),
    })
  },
  configure(ctx) {
    const sink = ctx.logSink()
    if (!sink) throw new Error('fluent-bit: no log sink, but the plan requires a log store')
    const monitoring = ctx.monitoring
    return settingsFor({
      'fluent-bit': [
        set(
          'fullnameOverride',
          'fluent-bit',
          'Fixed name, so the metrics Service is fluent-bit whatever the release is called.',
        ),
        set(
          'config.outputs',
          fluentBitOutputs(sink),
          `Ship container logs (kube.*) and kubelet journal logs (host.*) to ${sink.kind} at ${sink.host}:${sink.port}` +
            (sink.tenant ? ` as tenant ${sink.tenant}` : '') +
            ' instead of the chart default elasticsearch-master, which does not exist.',
        ),
        ...storeAccessSettings(sink, STORE_ACCESS),
        // The ServiceMonitor renders only where the ServiceMonitor API exists, which the crds layer installs first.
        monitoring === 'operator' &&
          set(
            'serviceMonitor.enabled',
            true,
            'kube-prometheus-stack scrapes Fluent Bit through a ServiceMonitor.',
          ),
        monitoring === 'annotations' &&
          set(
            'service.annotations',
            {
              'prometheus.io/scrape': 'true',
              'prometheus.io/port': METRICS_PORT,
              'prometheus.io/path': '/api/v2/metrics/prometheus',
            },
            'The standalone Prometheus finds Fluent Bit through its Service scrape annotations.',
          ),
        ctx.has('grafana') &&
          set(
            'dashboards.enabled',
            true,
            "Fluent Bit dashboard as a labelled ConfigMap, picked up by Grafana's sidecar.",
          ),
      ],
    })
  },
}
