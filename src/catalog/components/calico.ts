import type {Component} from '../types.js'

// PLACEHOLDER: wiring not written yet.
export const calico: Component = {
  id: 'calico',
  title: 'Calico',
  category: 'cni',
  description: 'TODO',
  lifecycle: {status: 'maintained', note: 'TODO'},
  charts: [
    {
      alias: 'calico-crds',
      chart: 'crd.projectcalico.org.v1',
      version: 'v3.32.1',
      repository: 'https://docs.tigera.io/calico/charts',
      layer: 'crds',
      upstreamDir: 'crd.projectcalico.org.v1',
    },
    {
      alias: 'tigera-operator',
      chart: 'tigera-operator',
      version: 'v3.32.1',
      repository: 'https://docs.tigera.io/calico/charts',
      layer: 'network',
      upstreamDir: 'tigera-operator',
    },
  ],
  chosenBy: () => false,
  configure: () => ({}),
}
