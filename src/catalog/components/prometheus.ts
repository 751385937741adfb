import type {Component} from '../types.js'

// PLACEHOLDER: wiring not written yet.
export const prometheus: Component = {
  id: 'prometheus',
  title: 'Prometheus',
  category: 'metrics',
  description: 'TODO',
  lifecycle: {status: 'maintained', note: 'TODO'},
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
  chosenBy: () => false,
  configure: () => ({}),
}
