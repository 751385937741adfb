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

const METRICS_PORT = 2020

/** Where the chart mounts its ConfigMap, whose `config.extraFiles` become files there. */
const CONFIG_DIR = '/fluent-bit/etc/conf'
const CONFIG_FILE = 'fluent-bit.yaml'
/** The chart's classic-format sections, rendered into fluent-bit.conf. */
const CLASSIC_SECTIONS = ['service', 'inputs', 'filters', 'outputs'] as const

type Scalar = string | number
type Properties = ReadonlyArray<readonly [key: string, value: Scalar]>

/** Words, paths and globs that YAML reads as the same plain string. */
const PLAIN = /^[A-Za-z0-9_./][A-Za-z0-9_./*=, -]*(?<! )$/

/** Numbers and plain strings bare, others double-quoted (a JSON string is a valid YAML double-quoted scalar). */
function scalar(value: Scalar): string {
  return typeof value === 'number' || PLAIN.test(value) ? String(value) : JSON.stringify(value)
}

function mapping(properties: Properties, indent: string): string[] {
  return properties.map(([key, value]) => `${indent}${key}: ${scalar(value)}`)
}

/** One plugin of a `pipeline` list: its properties as a list item. */
function plugin(properties: Properties): string[] {
  return mapping(properties, '      ').map((line, i) => (i === 0 ? `    - ${line.trimStart()}` : line))
}

/** The store-specific outputs, one for each input: container logs (tag kube.*) and the kubelet's journal (host.*). */
function outputsFor(sink: LogSink): Properties[] {
  const target: Array<[string, Scalar]> = [
    ['host', sink.host],
    ['port', sink.port],
  ]
  if (sink.kind === 'loki') {
    if (sink.tenant) target.push(['tenant_id', sink.tenant])
    if (sink.tls) target.push(['tls', 'on'])
    const output = (match: string, labels: string): Properties => [
      ['name', 'loki'],
      ['match', match],
      ...target,
      ['labels', labels],
      ['line_format', 'json'],
      ['retry_limit', 'no_limits'],
    ]
    const kubeLabels =
      "job=fluent-bit, namespace=$kubernetes['namespace_name'], pod=$kubernetes['pod_name'], " +
      "container=$kubernetes['container_name']"
    return [output('kube.*', kubeLabels), output('host.*', 'job=fluent-bit, source=journal')]
  }
  if (sink.user) target.push(['http_user', sink.user])
  // Fluent Bit expands `${VAR}` from its environment, where the store's Secret puts the password.
  if (sink.password) target.push(['http_passwd', `\${${sink.password.name}}`])
  if (sink.tls) {
    target.push(['tls', 'on'])
    if (sink.ca) {
      target.push(['tls.verify', 'on'])
      target.push(['tls.ca_file', secretFileMount(sink.ca, 'store-ca', STORE_ACCESS.mountDir).path])
    } else {
      // No CA published for this store: traffic is encrypted, the certificate is not verified.
      target.push(['tls.verify', 'off'])
    }
  }
  const output = (match: string, prefix: string): Properties => [
    ['name', sink.kind === 'elasticsearch' ? 'es' : 'opensearch'],
    ['match', match],
    ...target,
    ['logstash_format', 'on'],
    ['logstash_prefix', prefix],
    // Elasticsearch 8+ and OpenSearch reject mapping types; dots in Kubernetes label keys clash in mappings.
    ['suppress_type_name', 'on'],
    ['replace_dots', 'on'],
    ['retry_limit', 'no_limits'],
  ]
  return [output('kube.*', 'logstash'), output('host.*', 'node')]
}

/**
 * Fluent Bit's whole configuration in its YAML format (the classic format is deprecated at the end of
 * 2026): the chart's inputs and Kubernetes filter, and outputs to the stack's log store.
 */
export function fluentBitConfig(sink: LogSink): string {
  const service: Properties = [
    ['daemon', 'off'],
    ['flush', 1],
    ['log_level', 'info'],
    // The image's stock parsers, which pods may ask for through the fluentbit.io/parser annotation.
    ['parsers_file', '/fluent-bit/etc/parsers.conf'],
    // The chart's probes and metrics Service use this port.
    ['http_server', 'on'],
    ['http_listen', '0.0.0.0'],
    ['http_port', METRICS_PORT],
    ['health_check', 'on'],
  ]
  const inputs: Properties[] = [
    [
      ['name', 'tail'],
      ['tag', 'kube.*'],
      ['path', '/var/log/containers/*.log'],
      ['multiline.parser', 'docker, cri'],
      ['mem_buf_limit', '5MB'],
      ['skip_long_lines', 'on'],
    ],
    [
      ['name', 'systemd'],
      ['tag', 'host.*'],
      ['systemd_filter', '_SYSTEMD_UNIT=kubelet.service'],
      ['read_from_tail', 'on'],
    ],
  ]
  const filters: Properties[] = [
    [
      ['name', 'kubernetes'],
      ['match', 'kube.*'],
      ['merge_log', 'on'],
      ['keep_log', 'off'],
      ['k8s-logging.parser', 'on'],
      ['k8s-logging.exclude', 'on'],
    ],
  ]
  const list = (name: string, plugins: Properties[]) => [`  ${name}:`, ...plugins.flatMap(plugin)]
  return [
    'service:',
    ...mapping(service, '  '),
    'pipeline:',
    ...list('inputs', inputs),
    ...list('filters', filters),
    ...list('outputs', outputsFor(sink)),
    '',
  ].join('\n')
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
          ['config', 'extraFiles', CONFIG_FILE],
          fluentBitConfig(sink),
          `Fluent Bit's configuration in its YAML format: container logs (kube.*) and kubelet journal logs (host.*) to ${sink.kind} at ${sink.host}:${sink.port}` +
            (sink.tenant ? ` as tenant ${sink.tenant}` : '') +
            ' instead of the chart default elasticsearch-master, which does not exist.',
        ),
        set(
          'args',
          ['--workdir=/fluent-bit/etc', `--config=${CONFIG_DIR}/${CONFIG_FILE}`],
          `Start from ${CONFIG_FILE}; the classic format the chart writes by default is deprecated at the end of 2026.`,
        ),
        ...CLASSIC_SECTIONS.map((section) =>
          set(
            `config.${section}`,
            '',
            `The classic-format fluent-bit.conf stays empty, so ${CONFIG_FILE} is the only configuration.`,
          ),
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
              'prometheus.io/port': String(METRICS_PORT),
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
