import type {Component} from '../types.js'

// PLACEHOLDER: wiring not written yet.
export const flannel: Component = {
  id: 'flannel',
  title: 'Flannel',
  category: 'cni',
  description: 'TODO',
  lifecycle: {status: 'maintained', note: 'TODO'},
  charts: [
    {
      alias: 'flannel',
      chart: 'flannel',
      version: 'v0.28.9',
      repository: 'https://flannel-io.github.io/flannel/',
      layer: 'network',
      upstreamDir: 'flannel',
    },
  ],
  chosenBy: () => false,
  configure: () => ({}),
}
