import {ANY_COLLECTOR, mirrorSet, set, settingsFor} from '../settings.js'
import type {Component} from '../types.js'

export const traefik: Component = {
  id: 'traefik',
  title: 'Traefik',
  category: 'ingress',
  ingressClass: 'traefik',
  uses: ['domain'],
  scrapedBy: ANY_COLLECTOR,
  description:
    'Cloud-native reverse proxy serving Kubernetes Ingress and its own IngressRoute resources; the default IngressClass.',
  lifecycle: {status: 'maintained', note: 'Actively maintained by Traefik Labs.'},
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
  warnings(answers, _selection, cluster) {
    if (cluster.loadBalancer) return []
    return [
      `Traefik's Service is of type LoadBalancer, which stays pending on ${answers.cluster} clusters without a ` +
        'load-balancer provider (MetalLB, Cilium LB-IPAM, Calico BGP); install one, or set ' +
        'values.traefik.service.spec.type to NodePort.',
    ]
  },
  mirror(registry) {
    return settingsFor({traefik: [mirrorSet('image.registry', registry, 'docker.io')]})
  },
  configure(ctx) {
    const operator = ctx.monitoring === 'operator'
    return settingsFor({
      traefik: [
        set(
          'fullnameOverride',
          'traefik',
          'Fixed object names, so nothing depends on the Helm release name.',
        ),
        set(
          'ingressClass.name',
          'traefik',
          'The IngressClass every exposed UI in this stack names; an empty name would follow the release name.',
        ),
        set(
          'ingressClass.isDefaultClass',
          true,
          'The one default IngressClass: Ingresses without ingressClassName land here.',
        ),
        set('deployment.replicas', 2, 'Two proxies, so a node drain or rollout does not cut traffic.'),
        set('podDisruptionBudget.enabled', true, 'Keep a proxy running during voluntary disruptions.'),
        set('podDisruptionBudget.maxUnavailable', 1, 'Drain one proxy at a time.'),
        // Without the Prometheus Operator the chart's pod annotations (prometheus.io/scrape on the metrics
        // entry point) already let a standalone Prometheus find Traefik; nothing to set then.
        operator &&
          set(
            'metrics.prometheus.service.enabled',
            true,
            'A dedicated metrics Service for the ServiceMonitor to select.',
          ),
        operator &&
          set(
            'metrics.prometheus.serviceMonitor.enabled',
            true,
            'kube-prometheus-stack scrapes Traefik through a ServiceMonitor.',
          ),
        operator &&
          set(
            'metrics.prometheus.disableAPICheck',
            true,
            'The ServiceMonitor CRD comes from the CRDs layer, installed first; skip the render-time API check.',
          ),
      ],
    })
  },
}
