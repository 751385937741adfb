import type {Component} from '../types.js'

// PLACEHOLDER: wiring not written yet.
export const traefik: Component = {
  id: 'traefik',
  title: 'Traefik',
  category: 'ingress',
  description: 'TODO',
  lifecycle: {status: 'maintained', note: 'TODO'},
  charts: [
    {
      alias: 'traefik',
      chart: 'traefik',
      version: '41.3.0',
      repository: 'https://traefik.github.io/charts',
      layer: 'platform',
      upstreamDir: 'traefik',
    },
  ],
  chosenBy: () => false,
  configure: () => ({}),
}
