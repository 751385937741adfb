import type {AnswersInput, ClusterFlavour, PresetName} from './schema.js'

export interface Preset {
  name: PresetName
  summary: string
  answers: Required<Omit<AnswersInput, '$schema' | 'apiVersion' | 'preset' | 'domain' | 'values'>>
}

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
} as const

export const PRESET_DEFINITIONS: Record<PresetName, Preset> = {
  minimal: {
    name: 'minimal',
    summary: 'CNI, ingress and metrics-server: the least a cluster needs to serve traffic.',
    answers: {
      ...common,
      metrics: 'none',
      logging: 'none',
      logStore: 'none',
      dashboards: [],
      alertReceivers: [],
    },
  },
  standard: {
    name: 'standard',
    summary: 'minimal + kube-prometheus-stack, Fluent Bit to Loki and Grafana.',
    answers: {
      ...common,
      metrics: 'kube-prometheus-stack',
      logging: 'fluent-bit',
      logStore: 'loki',
      dashboards: ['grafana'],
      alertReceivers: [],
    },
  },
  full: {
    name: 'full',
    summary: 'standard + Istio, and Fluent Bit to Elasticsearch (ECK) with Kibana next to Grafana.',
    answers: {
      ...common,
      mesh: 'istio',
      metrics: 'kube-prometheus-stack',
      logging: 'fluent-bit',
      logStore: 'elasticsearch',
      dashboards: ['grafana', 'kibana'],
      alertReceivers: [],
    },
  },
}

export const DEFAULT_PRESET: PresetName = 'standard'

/**
 * Defaults that depend on the cluster flavour: managed clusters and k3s/RKE2 already run a CNI and
 * metrics-server, and a second one fights the first.
 */
export function clusterDefaults(cluster: ClusterFlavour): Partial<AnswersInput> {
  switch (cluster) {
    case 'eks':
    case 'gke':
    case 'aks':
    case 'k3s':
    case 'rke2':
      return {cni: 'none', metricsServer: false}
    default:
      return {}
  }
}
