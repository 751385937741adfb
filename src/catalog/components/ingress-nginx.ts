import {ANY_COLLECTOR, mirrorSet, set, settingsFor, writtenWebhookCa} from '../settings.js'
import type {Component} from '../types.js'

/** Port the controller serves Prometheus metrics on (the chart's controller.metrics.port). */
const METRICS_PORT = '10254'

export const ingressNginx: Component = {
  id: 'ingress-nginx',
  title: 'ingress-nginx',
  category: 'ingress',
  ingressClass: 'nginx',
  uses: ['domain'],
  scrapedBy: ANY_COLLECTOR,
  description:
    'The Kubernetes community NGINX ingress controller (kubernetes/ingress-nginx); retired, last release 1.15.1.',
  lifecycle: {
    status: 'retired',
    note:
      'Retired in March 2026: no more releases, bug fixes or security fixes. Move to Traefik (it can also serve ' +
      'Ingresses written for class nginx) or the F5 NGINX Ingress Controller, and on to a Gateway API ' +
      'implementation (Traefik, Cilium and Istio serve Gateway API too), the successor of Ingress.',
    alternatives: ['traefik', 'nginx-ingress'],
    unfixed:
      'Its last release, controller 1.15.1, bundles an NGINX affected by CVE-2026-42945, which will never be fixed there.',
  },
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
  conflicts: [
    {
      with: 'nginx-ingress',
      why: 'both create and claim the IngressClass "nginx"',
      fix: 'choose one of them with --ingress',
    },
  ],
  warnings(answers, _selection, cluster) {
    if (cluster.loadBalancer) return []
    return [
      `The ingress-nginx controller Service is of type LoadBalancer, which stays pending on ${answers.cluster} ` +
        'clusters without a load-balancer provider (MetalLB, Cilium LB-IPAM, Calico BGP); install one, or set ' +
        'values.ingress-nginx.controller.service.type to NodePort.',
    ]
  },
  mirror(registry) {
    // The controller and the admission webhook's certificate Jobs; their digests stay pinned.
    return settingsFor({'ingress-nginx': [mirrorSet('global.image.registry', registry, 'registry.k8s.io')]})
  },
  // The chart's admission-patch Job (a Helm hook) puts the CA of the certificate it generates into the webhook.
  rewrittenFields: () =>
    writtenWebhookCa(
      'ingress-nginx',
      "ingress-nginx's admission-patch Job writes this caBundle after install",
      ['ValidatingWebhookConfiguration'],
    ),
  configure(ctx) {
    const monitoring = ctx.monitoring
    return settingsFor({
      'ingress-nginx': [
        set(
          'fullnameOverride',
          'ingress-nginx',
          'Fixed object names, so nothing depends on the Helm release name.',
        ),
        set(
          'controller.ingressClassResource.name',
          'nginx',
          'The IngressClass every exposed UI in this stack names.',
        ),
        set(
          'controller.ingressClass',
          'nginx',
          'Also serve Ingresses that still use the legacy kubernetes.io/ingress.class: nginx annotation.',
        ),
        set(
          'controller.ingressClassResource.default',
          true,
          'The one default IngressClass: Ingresses without ingressClassName land here.',
        ),
        set(
          'controller.replicaCount',
          2,
          'Two controllers, so a node drain or rollout does not cut traffic; the chart adds a PodDisruptionBudget above one replica.',
        ),
        monitoring !== 'none' &&
          set(
            'controller.metrics.enabled',
            true,
            'Expose controller metrics; the ServiceMonitor needs it too.',
          ),
        monitoring === 'operator' &&
          set(
            'controller.metrics.serviceMonitor.enabled',
            true,
            'kube-prometheus-stack scrapes the controller through a ServiceMonitor.',
          ),
        monitoring === 'annotations' &&
          set(
            'controller.metrics.service.annotations',
            {'prometheus.io/scrape': 'true', 'prometheus.io/port': METRICS_PORT},
            'Standalone Prometheus discovers the metrics Service through prometheus.io annotations.',
          ),
      ],
    })
  },
}
