import type {Component} from '../types.js'

// PLACEHOLDER: wiring not written yet.
export const certManager: Component = {
  id: 'cert-manager',
  title: 'cert-manager',
  category: 'essentials',
  description: 'TODO',
  lifecycle: {status: 'maintained', note: 'TODO'},
  charts: [
    {
      alias: 'cert-manager',
      chart: 'cert-manager',
      version: 'v1.21.1',
      repository: 'https://charts.jetstack.io',
      layer: 'cert-manager',
      upstreamDir: 'cert-manager',
    },
  ],
  chosenBy: () => false,
  configure: () => ({}),
}
