import {ANY_COLLECTOR, mirrorSet, set, settingsFor} from '../settings.js'
import type {Component, LogSink} from '../types.js'

/** Alloy's HTTP server: its UI, health and Prometheus metrics (the chart's alloy.listenPort). */
const METRICS_PORT = '12345'

/** An Alloy string literal: the configuration language takes Go-style escapes inside double quotes. */
function quoted(text: string): string {
  return JSON.stringify(text)
}

/**
 * The Alloy pipeline: discover the pods on this node (the chart sets HOSTNAME to the node's name), point
 * each container at its files under /var/log/pods, parse the CRI log format and push to Loki as the
 * stack's tenant. Labels match what Fluent Bit and Fluentd send, so Grafana queries stay the same.
 */
export function alloyLogPipeline(sink: LogSink): string {
  const endpoint = [
    `    url = ${quoted(`http${sink.tls ? 's' : ''}://${sink.host}:${sink.port}/loki/api/v1/push`)}`,
    ...(sink.tenant ? [`    tenant_id = ${quoted(sink.tenant)}`] : []),
  ]
  return [
    'discovery.kubernetes "pods" {',
    '  role = "pod"',
    '  selectors {',
    '    role  = "pod"',
    '    field = "spec.nodeName=" + sys.env("HOSTNAME")',
    '  }',
    '}',
    '',
    'discovery.relabel "pods" {',
    '  targets = discovery.kubernetes.pods.targets',
    '  rule {',
    '    source_labels = ["__meta_kubernetes_namespace"]',
    '    target_label  = "namespace"',
    '  }',
    '  rule {',
    '    source_labels = ["__meta_kubernetes_pod_name"]',
    '    target_label  = "pod"',
    '  }',
    '  rule {',
    '    source_labels = ["__meta_kubernetes_pod_container_name"]',
    '    target_label  = "container"',
    '  }',
    '  rule {',
    '    target_label = "job"',
    '    replacement  = "alloy"',
    '  }',
    '  rule {',
    '    source_labels = ["__meta_kubernetes_pod_uid", "__meta_kubernetes_pod_container_name"]',
    '    separator     = "/"',
    '    target_label  = "__path__"',
    '    replacement   = "/var/log/pods/*$1/*.log"',
    '  }',
    '}',
    '',
    'local.file_match "pods" {',
    '  path_targets = discovery.relabel.pods.output',
    '}',
    '',
    'loki.source.file "pods" {',
    '  targets    = local.file_match.pods.targets',
    '  forward_to = [loki.process.pods.receiver]',
    '}',
    '',
    // Container runtimes write each line with a timestamp and stream prefix; keep the message only.
    'loki.process "pods" {',
    '  stage.cri {}',
    '  forward_to = [loki.write.store.receiver]',
    '}',
    '',
    'loki.write "store" {',
    '  endpoint {',
    ...endpoint,
    '  }',
    '}',
    '',
  ].join('\n')
}

export const alloy: Component = {
  id: 'alloy',
  title: 'Grafana Alloy',
  category: 'logging',
  shipsLogs: true,
  scrapedBy: ANY_COLLECTOR,
  description:
    "Grafana's telemetry collector as a log agent on every node: tails the pods' log files, labels them with " +
    'namespace, pod and container, and pushes them to Loki; the successor of Promtail.',
  lifecycle: {
    status: 'maintained',
    note:
      'Maintained by Grafana Labs; it replaces Promtail, which reached end of life on 2026-03-02. The chart is ' +
      'released from grafana/alloy with its own version line (chart 1.11.1 ships Alloy v1.18.1).',
  },
  // Reads the node's /var/log through a hostPath volume.
  podSecurity: 'privileged',
  charts: [
    {
      alias: 'alloy',
      chart: 'alloy',
      version: '1.11.1',
      repository: 'https://grafana.github.io/helm-charts',
      layer: 'platform',
      upstreamDir: 'alloy',
    },
  ],
  requires: [
    {
      anyOf: ['loki'],
      why:
        "prodstack wires Alloy's log pipeline to Loki only; Fluent Bit, Fluentd and the OpenTelemetry Collector " +
        'also ship to Elasticsearch and OpenSearch',
      fix: '--log-store loki',
    },
  ],
  mirror(registry) {
    // Alloy and its config reloader both take the global registry first.
    return settingsFor({
      alloy: [mirrorSet('global.image.registry', registry, 'docker.io and quay.io')],
    })
  },
  configure(ctx) {
    const sink = ctx.logSink()
    if (!sink) throw new Error('alloy: no log sink, but the plan requires Loki')
    const monitoring = ctx.monitoring
    return settingsFor({
      alloy: [
        set(
          'fullnameOverride',
          'alloy',
          'Fixed name, so the DaemonSet and its Service are alloy whatever the release is called.',
        ),
        set('controller.type', 'daemonset', 'One Alloy per node reads the logs of the pods on that node.'),
        set('alloy.mounts.varlog', true, "The node's /var/log, read-only: the pods' log files live there."),
        set(
          'alloy.configMap.content',
          alloyLogPipeline(sink),
          `Ship every container's logs on the node to Loki at ${sink.host}:${sink.port}` +
            (sink.tenant ? ` as tenant ${sink.tenant}` : '') +
            " instead of the chart's example, which discovers targets and ships nothing.",
        ),
        set(
          'crds.create',
          false,
          'No PodLogs CRD: this pipeline reads log files, and prodstack installs CRDs in the crds layer only.',
        ),
        set('alloy.enableReporting', false, 'No anonymous usage reports to Grafana Labs.'),
        // The ServiceMonitor renders only where the ServiceMonitor API exists, which the crds layer installs first.
        monitoring === 'operator' &&
          set(
            'serviceMonitor.enabled',
            true,
            'kube-prometheus-stack scrapes Alloy through a ServiceMonitor.',
          ),
        monitoring === 'annotations' &&
          set(
            'controller.podAnnotations',
            {
              'prometheus.io/scrape': 'true',
              'prometheus.io/port': METRICS_PORT,
              'prometheus.io/path': '/metrics',
            },
            'The standalone Prometheus finds Alloy through its pod scrape annotations.',
          ),
      ],
    })
  },
}
