import type {Component} from '../types.js'

// PLACEHOLDER: wiring not written yet.
export const kibana: Component = {
  id: 'kibana',
  title: 'Kibana (ECK)',
  category: 'dashboards',
  description: 'TODO',
  lifecycle: {status: 'maintained', note: 'TODO'},
  charts: [
    {
      alias: 'kibana',
      chart: 'eck-kibana',
      version: '0.20.0',
      repository: 'https://helm.elastic.co',
      layer: 'platform',
      upstreamDir: 'eck-kibana',
    },
  ],
  chosenBy: () => false,
  configure: () => ({}),
}
