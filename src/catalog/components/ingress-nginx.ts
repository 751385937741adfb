import type {Component} from '../types.js'

// PLACEHOLDER: wiring not written yet.
export const ingressNginx: Component = {
  id: 'ingress-nginx',
  title: 'ingress-nginx',
  category: 'ingress',
  description: 'TODO',
  lifecycle: {status: 'maintained', note: 'TODO'},
  charts: [
    {
      alias: 'ingress-nginx',
      chart: 'ingress-nginx',
      version: '4.15.1',
      repository: 'https://kubernetes.github.io/ingress-nginx',
      layer: 'platform',
      upstreamDir: 'ingress-nginx',
    },
  ],
  chosenBy: () => false,
  configure: () => ({}),
}
