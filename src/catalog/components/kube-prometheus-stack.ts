import type {Component} from '../types.js'

// PLACEHOLDER: wiring not written yet.
export const kubePrometheusStack: Component = {
  id: 'kube-prometheus-stack',
  title: 'kube-prometheus-stack',
  category: 'metrics',
  description: 'TODO',
  lifecycle: {status: 'maintained', note: 'TODO'},
  charts: [
    {
      alias: 'prometheus-operator-crds',
      chart: 'prometheus-operator-crds',
      version: '31.0.1',
      repository: 'https://prometheus-community.github.io/helm-charts',
      layer: 'crds',
      upstreamDir: 'prometheus-operator-crds',
    },
    {
      alias: 'kube-prometheus-stack',
      chart: 'kube-prometheus-stack',
      version: '88.5.3',
      repository: 'https://prometheus-community.github.io/helm-charts',
      layer: 'platform',
      upstreamDir: 'kube-prometheus-stack',
    },
  ],
  chosenBy: () => false,
  configure: () => ({}),
}
