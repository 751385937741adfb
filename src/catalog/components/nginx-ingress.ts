import type {Component} from '../types.js'

// PLACEHOLDER: wiring not written yet.
export const nginxIngress: Component = {
  id: 'nginx-ingress',
  title: 'F5 NGINX Ingress Controller',
  category: 'ingress',
  description: 'TODO',
  lifecycle: {status: 'maintained', note: 'TODO'},
  charts: [
    {
      alias: 'nginx-ingress',
      chart: 'nginx-ingress',
      version: '2.6.4',
      repository: 'https://helm.nginx.com/stable',
      layer: 'platform',
      upstreamDir: 'nginx-ingress',
    },
  ],
  chosenBy: () => false,
  configure: () => ({}),
}
