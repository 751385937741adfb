import type {PresetSpec} from './types.js'

/** Answers every preset shares. */
const common = {
  name: 'my-stack',
  cluster: 'generic',
  cni: 'cilium',
  podCidr: '10.244.0.0/16',
  ingress: 'traefik',
  tlsIssuer: 'letsencrypt-prod',
  certManager: true,
  mesh: 'none',
  metricsServer: true,
  alertReceivers: [],
  namespace: 'platform',
  layout: 'layered',
}

/** Starting points, in the order they are offered; the first named `DEFAULT_PRESET` is the default. */
export const PRESETS: readonly PresetSpec[] = [
  {
    name: 'minimal',
    summary: 'CNI, ingress and metrics-server: the least a cluster needs to serve traffic.',
    answers: {...common, metrics: 'none', logging: 'none', logStore: 'none', dashboards: []},
  },
  {
    name: 'standard',
    summary: 'minimal + kube-prometheus-stack, Fluent Bit to Loki and Grafana.',
    answers: {
      ...common,
      metrics: 'kube-prometheus-stack',
      logging: 'fluent-bit',
      logStore: 'loki',
      dashboards: ['grafana'],
    },
  },
  {
    name: 'full',
    summary: 'standard + Istio, and Fluent Bit to Elasticsearch (ECK) with Kibana next to Grafana.',
    answers: {
      ...common,
      mesh: 'istio',
      metrics: 'kube-prometheus-stack',
      logging: 'fluent-bit',
      logStore: 'elasticsearch',
      dashboards: ['grafana', 'kibana'],
    },
  },
]

export const DEFAULT_PRESET = 'standard'
