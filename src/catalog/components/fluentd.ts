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
const STORE_ACCESS = {volumesKey: 'volumes', mountsKey: 'volumeMounts', mountDir: '/fluentd/store-ca'}

const METRICS_PORT = '24231'
const LOKI_PLUGIN = 'fluent-plugin-grafana-loki'

/** File buffer on the node's /var/log (a hostPath), so queued logs survive a pod restart. */
function buffer(kind: string): string[] {
  return [
    '<buffer>',
    '  @type file',
    `  path /var/log/fluentd-buffers/${kind}.buffer`,
    '  flush_mode interval',
    '  flush_interval 5s',
    '  chunk_limit_size 2M',
    '  overflow_action block',
    '  retry_forever true',
    '  retry_max_interval 30',
    '</buffer>',
  ]
}

function storeOutput(sink: LogSink): string[] {
  if (sink.kind === 'loki') {
    return [
      '@type loki',
      `url "http://${sink.host}:${sink.port}"`,
      ...(sink.tenant ? [`tenant ${sink.tenant}`] : []),
      'extra_labels {"job":"fluentd"}',
      'line_format json',
      '<label>',
      '  namespace $.kubernetes.namespace_name',
      '  pod $.kubernetes.pod_name',
      '  container $.kubernetes.container_name',
      '</label>',
      ...buffer('loki'),
    ]
  }
  return [
    `@type ${sink.kind}`,
    `host ${sink.host}`,
    `port ${sink.port}`,
    `scheme ${sink.tls ? 'https' : 'http'}`,
    // With a published CA the store's certificate is verified; otherwise traffic is encrypted only.
    ...(sink.tls && sink.ca
      ? ['ssl_verify true', `ca_file ${secretFileMount(sink.ca, 'store-ca', STORE_ACCESS.mountDir).path}`]
      : []),
    ...(sink.tls && !sink.ca ? ['ssl_verify false'] : []),
    ...(sink.user ? [`user ${sink.user}`] : []),
    // Fluentd evaluates "#{...}" when it loads the configuration: the password comes from the environment.
    ...(sink.password ? [`password "#{ENV['${sink.password.name}']}"`] : []),
    'logstash_format true',
    'suppress_type_name true',
    ...(sink.kind === 'elasticsearch'
      ? // Do not wait for Elasticsearch at start-up; assume 8+ (typeless bulk requests) instead of asking.
        ['verify_es_version_at_startup false', 'default_elasticsearch_version 8']
      : []),
    ...buffer(sink.kind),
  ]
}

/** The chart's `04_outputs.conf`: everything that reaches the @OUTPUT label goes to the store. */
export function fluentdOutputs(sink: LogSink): string {
  const match = [`@id out_${sink.kind}`, ...storeOutput(sink)].map((line) => `    ${line}`)
  return ['<label @OUTPUT>', '  <match **>', ...match, '  </match>', '</label>'].join('\n')
}

export const fluentd: Component = {
  id: 'fluentd',
  title: 'Fluentd',
  category: 'logging',
  shipsLogs: true,
  scrapedBy: ANY_COLLECTOR,
  description:
    "Log agent on every node with Fluentd's plugin ecosystem: tails container logs, adds Kubernetes metadata " +
    "and ships them to the stack's log store.",
  lifecycle: {status: 'maintained', note: 'Maintained by the Fluent project (CNCF graduated).'},
  // Reads the node's log directories through hostPath volumes, as root.
  podSecurity: 'privileged',
  charts: [
    {
      alias: 'fluentd',
      chart: 'fluentd',
      version: '0.6.0',
      repository: 'https://fluent.github.io/helm-charts',
      layer: 'platform',
      upstreamDir: 'fluentd',
    },
  ],
  requires: [
    {
      anyOf: ['loki', 'elasticsearch', 'opensearch'],
      why: 'a log agent needs a store to ship logs to (its default output is a host that does not exist)',
      fix: '--log-store loki',
    },
  ],
  warnings(answers) {
    const warnings: string[] = []
    if (answers.logStore === 'loki')
      warnings.push(
        `Fluentd installs ${LOKI_PLUGIN} from rubygems.org each time a pod starts, so nodes need egress to it; ` +
          'use an image with the plugin built in where they have none (an image mirror does not cover it).',
      )
    if (answers.registry)
      warnings.push(
        `The fluentd chart names busybox from Docker Hub in its helm test pod and offers no value to change it: ` +
          `only helm test runs it; copy busybox:latest to ${answers.registry}/busybox and run the test by hand, or skip it.`,
      )
    return warnings
  },
  mirror(registry) {
    return settingsFor({
      fluentd: mirrorImages(registry, {'image.repository': 'fluent/fluentd-kubernetes-daemonset'}),
    })
  },
  configure(ctx) {
    const sink = ctx.logSink()
    if (!sink) throw new Error('fluentd: no log sink, but the plan requires a log store')
    const monitoring = ctx.monitoring
    return settingsFor({
      fluentd: [
        set(
          'fullnameOverride',
          'fluentd',
          'Fixed name, so the metrics Service is fluentd whatever the release is called.',
        ),
        sink.kind === 'elasticsearch' &&
          set(
            'variant',
            'elasticsearch8',
            'Image with the Elasticsearch 8+ plugin; the default is for Elasticsearch 7.',
          ),
        sink.kind === 'opensearch' &&
          set('variant', 'opensearch', 'Image with the OpenSearch output plugin.'),
        sink.kind === 'loki' &&
          set(
            'plugins',
            [LOKI_PLUGIN],
            'No image variant ships the Loki output; it is installed at start-up.',
          ),
        set(
          ['fileConfigs', '04_outputs.conf'],
          fluentdOutputs(sink),
          `Ship container logs to ${sink.kind} at ${sink.host}:${sink.port}` +
            (sink.tenant ? ` as tenant ${sink.tenant}` : '') +
            ' instead of the chart default, a legacy elasticsearch-master host with a built-in password.',
        ),
        ...storeAccessSettings(sink, STORE_ACCESS),
        // The chart's default ServiceMonitor label release: prometheus-operator matches nothing in particular;
        // kube-prometheus-stack here selects every ServiceMonitor, so it is left as it is.
        monitoring === 'operator' &&
          set(
            'metrics.serviceMonitor.enabled',
            true,
            'kube-prometheus-stack scrapes Fluentd through a ServiceMonitor (rendered where the ServiceMonitor API ' +
              'exists, which the crds layer installs first).',
          ),
        monitoring === 'annotations' &&
          set(
            'podAnnotations',
            {
              'prometheus.io/scrape': 'true',
              'prometheus.io/port': METRICS_PORT,
              'prometheus.io/path': '/metrics',
            },
            'The standalone Prometheus finds Fluentd through its scrape annotations.',
          ),
        !ctx.has('grafana') &&
          set('dashboards.enabled', false, 'No Grafana in this stack, so no dashboard ConfigMaps.'),
      ],
    })
  },
}
