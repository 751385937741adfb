import type {Component} from '../types.js'

// PLACEHOLDER: wiring not written yet.
export const weaveNet: Component = {
  id: 'weave-net',
  title: 'Weave Net',
  category: 'cni',
  description: 'TODO',
  lifecycle: {status: 'maintained', note: 'TODO'},
  charts: [
    {
      alias: 'weave-net',
      chart: 'weave-net',
      version: '2.9.0',
      repository: 'file://charts/weave-net',
      layer: 'network',
    },
  ],
  chosenBy: () => false,
  configure: () => ({}),
}
