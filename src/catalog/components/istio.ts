import type {Component} from '../types.js'

// PLACEHOLDER: wiring not written yet.
export const istio: Component = {
  id: 'istio',
  title: 'Istio',
  category: 'mesh',
  description: 'TODO',
  lifecycle: {status: 'maintained', note: 'TODO'},
  charts: [
    {
      alias: 'istio-base',
      chart: 'base',
      version: '1.30.3',
      repository: 'https://istio-release.storage.googleapis.com/charts',
      layer: 'crds',
      upstreamDir: 'istio-base',
    },
    {
      alias: 'istiod',
      chart: 'istiod',
      version: '1.30.3',
      repository: 'https://istio-release.storage.googleapis.com/charts',
      layer: 'mesh',
      upstreamDir: 'istiod',
    },
    {
      alias: 'istio-gateway',
      chart: 'gateway',
      version: '1.30.3',
      repository: 'https://istio-release.storage.googleapis.com/charts',
      layer: 'platform',
      upstreamDir: 'istio-gateway',
    },
  ],
  chosenBy: () => false,
  configure: () => ({}),
}
