import type {Component} from '../types.js'

// PLACEHOLDER: wiring not written yet.
export const metricsServer: Component = {
  id: 'metrics-server',
  title: 'metrics-server',
  category: 'metrics',
  description: 'TODO',
  lifecycle: {status: 'maintained', note: 'TODO'},
  charts: [
    {
      alias: 'metrics-server',
      chart: 'metrics-server',
      version: '3.13.1',
      repository: 'https://kubernetes-sigs.github.io/metrics-server/',
      layer: 'platform',
      upstreamDir: 'metrics-server',
    },
  ],
  chosenBy: () => false,
  configure: () => ({}),
}
