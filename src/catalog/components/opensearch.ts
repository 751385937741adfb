import type {Component} from '../types.js'

// PLACEHOLDER: wiring not written yet.
export const opensearch: Component = {
  id: 'opensearch',
  title: 'OpenSearch',
  category: 'log-store',
  description: 'TODO',
  lifecycle: {status: 'maintained', note: 'TODO'},
  charts: [
    {
      alias: 'opensearch',
      chart: 'opensearch',
      version: '3.6.0',
      repository: 'https://opensearch-project.github.io/helm-charts/',
      layer: 'platform',
      upstreamDir: 'opensearch',
    },
  ],
  chosenBy: () => false,
  configure: () => ({}),
}
