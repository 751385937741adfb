import {ANY_COLLECTOR, mirrorImages, set, settingsFor} from '../settings.js'
import type {Component} from '../types.js'

export const nginxIngress: Component = {
  id: 'nginx-ingress',
  title: 'F5 NGINX Ingress Controller',
  category: 'ingress',
  ingressClass: 'nginx',
  uses: ['domain'],
  scrapedBy: ANY_COLLECTOR,
  description:
    "F5's NGINX Ingress Controller (nginx/kubernetes-ingress), serving Ingress plus its VirtualServer resources.",
  lifecycle: {status: 'maintained', note: 'Actively maintained by F5 NGINX.'},
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
  conflicts: [
    {
      with: 'ingress-nginx',
      why: 'both create and claim the IngressClass "nginx"',
      fix: 'choose one of them with --ingress',
    },
  ],
  warnings(answers, _selection, cluster) {
    const warnings = [
      "The nginx-ingress chart's values.schema.json refers to Kubernetes definitions on raw.githubusercontent.com, " +
        'which Helm downloads on every lint, template, install and upgrade: the machine running Helm needs that ' +
        'access, or pass --skip-schema-validation (Helm 3.16+) where it has none (nginx/kubernetes-ingress#7193).',
    ]
    if (!cluster.loadBalancer) {
      warnings.push(
        `The NGINX Ingress Controller Service is of type LoadBalancer, which stays pending on ${answers.cluster} ` +
          'clusters without a load-balancer provider (MetalLB, Cilium LB-IPAM, Calico BGP); install one, or set ' +
          'values.nginx-ingress.controller.service.type to NodePort.',
      )
    }
    return warnings
  },
  mirror(registry) {
    return settingsFor({
      'nginx-ingress': mirrorImages(registry, {'controller.image.repository': 'nginx/nginx-ingress'}),
    })
  },
  configure(ctx) {
    // The chart has no fullnameOverride; no other component refers to its objects by name.
    const operator = ctx.monitoring === 'operator'
    return settingsFor({
      'nginx-ingress': [
        set(
          'controller.ingressClass.name',
          'nginx',
          'The IngressClass every exposed UI in this stack names.',
        ),
        set(
          'controller.ingressClass.setAsDefaultIngress',
          true,
          'The one default IngressClass: Ingresses without ingressClassName land here.',
        ),
        set(
          'controller.replicaCount',
          2,
          'Two controllers, so a node drain or rollout does not cut traffic.',
        ),
        set(
          'controller.podDisruptionBudget.enabled',
          true,
          'Keep a controller running during voluntary disruptions.',
        ),
        set(
          'controller.podDisruptionBudget.minAvailable',
          1,
          'At least one controller stays up while nodes drain.',
        ),
        // Without the Prometheus Operator the chart's pod annotations (prometheus.io/scrape on port 9113,
        // on by default with prometheus.create) already let a standalone Prometheus find the controller.
        operator &&
          set(
            'prometheus.service.create',
            true,
            'A metrics Service: the ServiceMonitor selects it by its service label, so it must exist.',
          ),
        operator &&
          set(
            'prometheus.serviceMonitor.create',
            true,
            'kube-prometheus-stack scrapes the controller through a ServiceMonitor.',
          ),
      ],
    })
  },
}
