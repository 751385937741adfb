import {
  ANY_COLLECTOR,
  mirrorImages,
  secretFileMount,
  set,
  settingsFor,
  storeAccessSettings,
} from '../settings.js'
import type {Component, LogSink} from '../types.js'

/** Where this chart takes extra volumes, environment and mounts, and where the store's CA is mounted. */
const STORE_ACCESS = {
  volumesKey: 'extraVolumes',
  mountsKey: 'extraVolumeMounts',
  envKey: 'extraEnvs',
  mountDir: '/etc/otelcol/store-ca',
}

/** The collector's own Prometheus metrics (its telemetry reader, and the chart's `metrics` port). */
const METRICS_PORT = 8888

/** The contrib distribution: the only release that carries the Elasticsearch and OpenSearch exporters. */
const IMAGE = 'ghcr.io/open-telemetry/opentelemetry-collector-releases/opentelemetry-collector-contrib'

/** Receivers the chart opens by default, each with a hostPort on every node; a log agent needs none. */
const DEFAULT_PORTS = ['otlp', 'otlp-http', 'jaeger-compact', 'jaeger-thrift', 'jaeger-grpc', 'zipkin']

/** `${env:NAME}`: the collector expands it from the environment when it loads its configuration. */
function envRef(name: string): string {
  return `\${env:${name}}`
}

const EXPORTER = {loki: 'otlphttp/loki', elasticsearch: 'elasticsearch', opensearch: 'opensearch'} as const
const AUTHENTICATOR = 'basicauth/store'

/** TLS client settings: verify against the store's CA when it publishes one, else encrypt only. */
function tlsOf(sink: LogSink): Record<string, unknown> | undefined {
  if (!sink.tls) return undefined
  return sink.ca
    ? {ca_file: secretFileMount(sink.ca, 'store-ca', STORE_ACCESS.mountDir).path}
    : {insecure_skip_verify: true}
}

function exporterOf(sink: LogSink): Record<string, unknown> {
  const url = `http${sink.tls ? 's' : ''}://${sink.host}:${sink.port}`
  const tls = tlsOf(sink)
  const auth = sink.password ? {auth: {authenticator: AUTHENTICATOR}} : {}
  switch (sink.kind) {
    case 'loki':
      // Loki 3 takes OTLP itself; resource attributes such as k8s.namespace.name become index labels.
      return {
        endpoint: `${url}/otlp`,
        ...(sink.tenant ? {headers: {'X-Scope-OrgID': sink.tenant}} : {}),
        ...(tls ? {tls} : {}),
      }
    case 'elasticsearch':
      // Daily logstash-YYYY.MM.DD indices, like the other log agents write, in ECS field names.
      return {
        endpoints: [url],
        ...auth,
        ...(tls ? {tls} : {}),
        logs_index: 'logstash',
        logstash_format: {enabled: true},
        mapping: {mode: 'ecs'},
      }
    case 'opensearch':
      return {
        http: {endpoint: url, ...auth, ...(tls ? {tls} : {})},
        logs_index: 'logstash',
        logs_index_time_format: 'yyyy.MM.dd',
      }
  }
}

/**
 * The whole collector configuration (the chart's alternateConfig, so none of its default trace and
 * metrics pipelines run): one logs pipeline to the store. The chart's presets add the filelog receiver
 * for /var/log/pods and the Kubernetes attributes processor to it.
 */
export function collectorConfig(sink: LogSink): Record<string, unknown> {
  const exporter = EXPORTER[sink.kind]
  const basicAuth = sink.password
    ? {
        [AUTHENTICATOR]: {
          client_auth: {username: sink.user ?? '', password: envRef(sink.password.name)},
        },
      }
    : {}
  return {
    extensions: {
      // The chart's probes call the health check; it must stay.
      health_check: {endpoint: `${envRef('MY_POD_IP')}:13133`},
      ...basicAuth,
    },
    receivers: {},
    processors: {
      memory_limiter: {check_interval: '5s', limit_percentage: 80, spike_limit_percentage: 25},
      batch: {},
    },
    exporters: {[exporter]: exporterOf(sink)},
    service: {
      extensions: ['health_check', ...Object.keys(basicAuth)],
      telemetry: {
        metrics: {
          readers: [{pull: {exporter: {prometheus: {host: envRef('MY_POD_IP'), port: METRICS_PORT}}}}],
        },
      },
      pipelines: {logs: {receivers: [], processors: ['memory_limiter', 'batch'], exporters: [exporter]}},
    },
  }
}

export const opentelemetryCollector: Component = {
  id: 'opentelemetry-collector',
  title: 'OpenTelemetry Collector',
  category: 'logging',
  shipsLogs: true,
  scrapedBy: ANY_COLLECTOR,
  description:
    "The OpenTelemetry Collector (contrib) as a log agent on every node: reads the pods' log files, adds " +
    'Kubernetes attributes (namespace, pod, container, node) and exports them to the log store.',
  lifecycle: {
    status: 'maintained',
    note:
      'Maintained by the OpenTelemetry project (CNCF). Chart 0.170.0 ships collector 0.158.0; its OpenSearch ' +
      'exporter is marked unmaintained upstream, the Elasticsearch exporter and OTLP (Loki) are not.',
  },
  // Reads the node's /var/log and keeps its read positions in a hostPath, as root.
  podSecurity: 'privileged',
  charts: [
    {
      alias: 'opentelemetry-collector',
      chart: 'opentelemetry-collector',
      version: '0.170.0',
      repository: 'https://open-telemetry.github.io/opentelemetry-helm-charts',
      layer: 'platform',
      upstreamDir: 'opentelemetry-collector',
    },
  ],
  requires: [
    {
      anyOf: ['loki', 'elasticsearch', 'opensearch'],
      why: 'a log agent needs a store to export logs to',
      fix: '--log-store loki',
    },
  ],
  warnings(answers) {
    return answers.logStore === 'opensearch'
      ? [
          "The OpenTelemetry Collector's OpenSearch exporter is marked unmaintained upstream; Fluent Bit and " +
            'Fluentd ship to OpenSearch with maintained outputs (--logging fluent-bit).',
        ]
      : []
  },
  mirror(registry) {
    return settingsFor({'opentelemetry-collector': mirrorImages(registry, {'image.repository': IMAGE})})
  },
  configure(ctx) {
    const sink = ctx.logSink()
    if (!sink) throw new Error('opentelemetry-collector: no log sink, but the plan requires a log store')
    const monitoring = ctx.monitoring
    return settingsFor({
      'opentelemetry-collector': [
        set(
          'fullnameOverride',
          'opentelemetry-collector',
          'Fixed name, so the DaemonSet is opentelemetry-collector whatever the release is called.',
        ),
        set('mode', 'daemonset', 'One collector per node reads the logs of the pods on that node.'),
        // With --registry, mirror() names the mirror's copy instead.
        !ctx.answers.registry &&
          set(
            'image.repository',
            IMAGE,
            'The chart names no image; contrib carries every exporter used here.',
          ),
        set('command.name', 'otelcol-contrib', "The contrib image's binary."),
        set(
          'presets.logsCollection.enabled',
          true,
          'The filelog receiver on /var/log/pods, CRI format parsed.',
        ),
        set(
          'presets.logsCollection.storeCheckpoints',
          true,
          'Read positions are kept on the node (/var/lib/otelcol), so a restarted collector neither loses ' +
            'nor repeats lines.',
        ),
        set(
          'presets.kubernetesAttributes.enabled',
          true,
          'Namespace, pod, container and node attributes on every record, and the RBAC to look them up.',
        ),
        set(
          'alternateConfig',
          collectorConfig(sink),
          `One logs pipeline to ${sink.kind} at ${sink.host}:${sink.port}` +
            (sink.tenant ? ` as tenant ${sink.tenant}` : '') +
            "; the chart's default config exports to the debug log only.",
        ),
        ...DEFAULT_PORTS.map((port) =>
          set(`ports.${port}.enabled`, false, `No ${port} receiver: this collector only reads log files.`),
        ),
        set('ports.metrics.enabled', true, "The collector's own metrics on port 8888."),
        ...storeAccessSettings(sink, STORE_ACCESS),
        // A DaemonSet gets no Service by default, so the operator scrapes the pods directly.
        monitoring === 'operator' &&
          set(
            'podMonitor.enabled',
            true,
            'kube-prometheus-stack scrapes the collectors through a PodMonitor.',
          ),
        monitoring === 'annotations' &&
          set(
            'podAnnotations',
            {
              'prometheus.io/scrape': 'true',
              'prometheus.io/port': String(METRICS_PORT),
              'prometheus.io/path': '/metrics',
            },
            'The standalone Prometheus finds the collectors through their pod scrape annotations.',
          ),
      ],
    })
  },
}
