import type {Component} from '../types.js'

// PLACEHOLDER: wiring not written yet.
export const opensearchDashboards: Component = {
  id: 'opensearch-dashboards',
  title: 'OpenSearch Dashboards',
  category: 'dashboards',
  description: 'TODO',
  lifecycle: {status: 'maintained', note: 'TODO'},
  charts: [
    {
      alias: 'opensearch-dashboards',
      chart: 'opensearch-dashboards',
      version: '3.6.0',
      repository: 'https://opensearch-project.github.io/helm-charts/',
      layer: 'platform',
      upstreamDir: 'opensearch-dashboards',
    },
  ],
  chosenBy: () => false,
  configure: () => ({}),
}
