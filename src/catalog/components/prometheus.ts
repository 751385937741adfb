import {stringify} from 'yaml'
import {mirrorImages, mirrorSet, serviceHost, set, settingsFor} from '../settings.js'
import type {Component, GrafanaDatasource} from '../types.js'

/** Fixed name of the server Service (port 80), whatever the release is called. */
export const PROMETHEUS_SERVER_SERVICE = 'prometheus-server'

export const prometheus: Component = {
  id: 'prometheus',
  title: 'Prometheus',
  category: 'metrics',
  collects: 'annotations',
  description:
    'Standalone Prometheus server with Alertmanager, node-exporter and kube-state-metrics; it discovers targets ' +
    'through prometheus.io scrape annotations, with no operator and no CRDs.',
  lifecycle: {
    status: 'maintained',
    note: 'Actively maintained by the prometheus-community Helm charts project.',
  },
  // node-exporter needs hostNetwork, hostPID and hostPath.
  podSecurity: 'privileged',
  charts: [
    {
      alias: 'prometheus',
      chart: 'prometheus',
      version: '29.27.0',
      repository: 'https://prometheus-community.github.io/helm-charts',
      layer: 'platform',
      upstreamDir: 'prometheus',
    },
  ],
  warnings() {
    return [
      'The standalone Prometheus chart ships no alerting rules: add them under `values: {prometheus: {serverFiles: ' +
        '{alerting_rules.yml: ...}}}`, or choose kube-prometheus-stack for the kubernetes-mixin rules and dashboards.',
    ]
  },
  mirror(registry) {
    return settingsFor({
      prometheus: [
        ...mirrorImages(registry, {
          'server.image.repository': 'quay.io/prometheus/prometheus',
          'configmapReload.prometheus.image.repository':
            'quay.io/prometheus-operator/prometheus-config-reloader',
          'alertmanager.image.repository': 'quay.io/prometheus/alertmanager',
          'prometheus-pushgateway.image.repository': 'quay.io/prometheus/pushgateway',
        }),
        mirrorSet('kube-state-metrics.image.registry', registry, 'registry.k8s.io'),
        mirrorSet('prometheus-node-exporter.image.registry', registry, 'quay.io'),
      ],
    })
  },
  configure(ctx) {
    // Both charts bring node-exporter (hostNetwork port 9100) and kube-state-metrics; never run two.
    const duplicated = ctx.has('kube-prometheus-stack')
    return settingsFor({
      prometheus: [
        set(
          'server.fullnameOverride',
          PROMETHEUS_SERVER_SERVICE,
          'A fixed Service name for Grafana and other clients, independent of the release name.',
        ),
        duplicated &&
          set('kube-state-metrics.enabled', false, 'kube-prometheus-stack already runs kube-state-metrics.'),
        duplicated &&
          set(
            'prometheus-node-exporter.enabled',
            false,
            'kube-prometheus-stack already runs node-exporter; a second one cannot bind host port 9100.',
          ),
        ctx.has('linkerd') &&
          set(
            'extraScrapeConfigs',
            linkerdScrapeConfigs(ctx.namespaceOf('linkerd')),
            'Linkerd does not annotate its pods for scraping: collect the control plane and every meshed proxy here.',
          ),
      ],
    })
  },
  datasources(ctx) {
    const source: GrafanaDatasource = {
      name: 'Prometheus',
      type: 'prometheus',
      uid: 'prometheus',
      url: `http://${serviceHost(PROMETHEUS_SERVER_SERVICE, ctx.namespaceOf('prometheus'))}`,
      access: 'proxy',
      isDefault: true,
      jsonData: {httpMethod: 'POST'},
    }
    return [source]
  },
}

/** The scrape jobs Linkerd documents for a Prometheus that is not its own. */
function linkerdScrapeConfigs(namespace: string): string {
  return stringify(
    [
      {
        job_name: 'linkerd-controller',
        kubernetes_sd_configs: [{role: 'pod', namespaces: {names: [namespace]}}],
        relabel_configs: [
          {source_labels: ['__meta_kubernetes_pod_container_port_name'], action: 'keep', regex: '.*admin$'},
          {
            source_labels: ['__meta_kubernetes_pod_container_port_name'],
            action: 'drop',
            regex: 'linkerd-admin',
          },
          {
            source_labels: ['__meta_kubernetes_pod_container_name'],
            action: 'replace',
            target_label: 'component',
          },
        ],
      },
      {
        job_name: 'linkerd-proxy',
        kubernetes_sd_configs: [{role: 'pod'}],
        relabel_configs: [
          {
            source_labels: [
              '__meta_kubernetes_pod_container_name',
              '__meta_kubernetes_pod_container_port_name',
              '__meta_kubernetes_pod_label_linkerd_io_control_plane_ns',
            ],
            action: 'keep',
            regex: `^linkerd-proxy;linkerd-admin;${namespace}$`,
          },
          {source_labels: ['__meta_kubernetes_namespace'], action: 'replace', target_label: 'namespace'},
          {source_labels: ['__meta_kubernetes_pod_name'], action: 'replace', target_label: 'pod'},
        ],
      },
    ],
    {lineWidth: 0},
  )
}
