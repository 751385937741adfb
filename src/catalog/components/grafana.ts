import type {Component} from '../types.js'

// PLACEHOLDER: wiring not written yet.
export const grafana: Component = {
  id: 'grafana',
  title: 'Grafana',
  category: 'dashboards',
  description: 'TODO',
  lifecycle: {status: 'maintained', note: 'TODO'},
  charts: [
    {
      alias: 'grafana',
      chart: 'grafana',
      version: '12.11.1',
      repository: 'https://grafana-community.github.io/helm-charts',
      layer: 'platform',
      upstreamDir: 'grafana',
    },
  ],
  chosenBy: () => false,
  configure: () => ({}),
}
