import type {Component} from '../types.js'

// PLACEHOLDER: wiring not written yet.
export const loki: Component = {
  id: 'loki',
  title: 'Loki',
  category: 'log-store',
  description: 'TODO',
  lifecycle: {status: 'maintained', note: 'TODO'},
  charts: [
    {
      alias: 'loki',
      chart: 'loki',
      version: '18.11.0',
      repository: 'https://grafana-community.github.io/helm-charts',
      layer: 'platform',
      upstreamDir: 'loki',
    },
  ],
  chosenBy: () => false,
  configure: () => ({}),
}
