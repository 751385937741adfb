import type {Component} from '../types.js'

// PLACEHOLDER: wiring not written yet.
export const fluentd: Component = {
  id: 'fluentd',
  title: 'Fluentd',
  category: 'logging',
  description: 'TODO',
  lifecycle: {status: 'maintained', note: 'TODO'},
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
  chosenBy: () => false,
  configure: () => ({}),
}
