import type {Component} from '../types.js'

// PLACEHOLDER: wiring not written yet.
export const elasticsearch: Component = {
  id: 'elasticsearch',
  title: 'Elasticsearch (ECK)',
  category: 'log-store',
  description: 'TODO',
  lifecycle: {status: 'maintained', note: 'TODO'},
  charts: [
    {
      alias: 'eck-operator',
      chart: 'eck-operator',
      version: '3.5.0',
      repository: 'https://helm.elastic.co',
      layer: 'operators',
      upstreamDir: 'eck-operator',
    },
    {
      alias: 'elasticsearch',
      chart: 'eck-elasticsearch',
      version: '0.20.0',
      repository: 'https://helm.elastic.co',
      layer: 'platform',
      upstreamDir: 'eck-elasticsearch',
    },
  ],
  chosenBy: () => false,
  configure: () => ({}),
}
