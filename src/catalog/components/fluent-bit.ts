import type {Component} from '../types.js'

// PLACEHOLDER: wiring not written yet.
export const fluentBit: Component = {
  id: 'fluent-bit',
  title: 'Fluent Bit',
  category: 'logging',
  description: 'TODO',
  lifecycle: {status: 'maintained', note: 'TODO'},
  charts: [
    {
      alias: 'fluent-bit',
      chart: 'fluent-bit',
      version: '0.58.1',
      repository: 'https://fluent.github.io/helm-charts',
      layer: 'platform',
      upstreamDir: 'fluent-bit',
    },
  ],
  chosenBy: () => false,
  configure: () => ({}),
}
