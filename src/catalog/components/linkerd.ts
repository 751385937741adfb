import type {Component} from '../types.js'

// PLACEHOLDER: wiring not written yet.
export const linkerd: Component = {
  id: 'linkerd',
  title: 'Linkerd',
  category: 'mesh',
  description: 'TODO',
  lifecycle: {status: 'maintained', note: 'TODO'},
  charts: [
    {
      alias: 'linkerd-crds',
      chart: 'linkerd-crds',
      version: '2026.8.3',
      repository: 'https://helm.linkerd.io/edge',
      layer: 'crds',
      upstreamDir: 'linkerd-crds',
    },
    {
      alias: 'linkerd-control-plane',
      chart: 'linkerd-control-plane',
      version: '2026.8.3',
      repository: 'https://helm.linkerd.io/edge',
      layer: 'mesh',
      upstreamDir: 'linkerd-control-plane',
    },
  ],
  chosenBy: () => false,
  configure: () => ({}),
}
