import {injectedApiServiceCa, mirrorImages, set, settingsFor} from '../settings.js'
import type {Component} from '../types.js'

export const metricsServer: Component = {
  id: 'metrics-server',
  title: 'metrics-server',
  category: 'metrics',
  // Its HTTPS endpoint has no prometheus.io annotations: only the operator's ServiceMonitor reaches it.
  scrapedBy: ['operator'],
  description:
    'Serves the resource metrics API (v1beta1.metrics.k8s.io) behind `kubectl top` and the HorizontalPodAutoscaler; ' +
    'the successor of the retired Heapster, which is never offered.',
  lifecycle: {
    status: 'maintained',
    note: 'Maintained by Kubernetes SIG Instrumentation as the replacement for the retired Heapster.',
  },
  charts: [
    {
      alias: 'metrics-server',
      chart: 'metrics-server',
      version: '3.13.1',
      repository: 'https://kubernetes-sigs.github.io/metrics-server/',
      layer: 'platform',
      upstreamDir: 'metrics-server',
    },
  ],
  answers: [
    {
      key: 'metricsServer',
      flag: 'metrics-server',
      question: 'Install metrics-server',
      help: 'Install metrics-server.',
      order: 11,
      schema: {
        type: 'boolean',
        description: 'Install metrics-server (kubectl top, HPA). Managed clusters usually run one already.',
      },
    },
  ],
  chosenBy: (answers) => answers.metricsServer,
  warnings(answers, _selection, cluster) {
    if (!cluster.selfSignedKubeletCerts) return []
    // Never turned on by default: it disables verification of every kubelet certificate.
    return [
      `${answers.cluster} kubelets often serve self-signed certificates, which metrics-server rejects ` +
        '("x509: cannot validate certificate"). Prefer signed kubelet serving certificates ' +
        '(serverTLSBootstrap: true and approving the kubelet-serving CSRs); otherwise pass ' +
        '`values: {metrics-server: {args: [--kubelet-insecure-tls]}}`, which skips kubelet certificate checks.',
    ]
  },
  mirror(registry) {
    return settingsFor({
      'metrics-server': mirrorImages(registry, {
        'image.repository': 'registry.k8s.io/metrics-server/metrics-server',
      }),
    })
  },
  // With cert-manager (tls.type cert-manager), its CA injector fills the APIService.
  rewrittenFields: (ctx) => (ctx.has('cert-manager') ? injectedApiServiceCa('metrics-server') : []),
  configure(ctx) {
    const certManager = ctx.has('cert-manager')
    // Only kube-prometheus-stack can scrape it: its HTTPS endpoint has no prometheus.io annotations.
    const operator = ctx.monitoring === 'operator'
    return settingsFor({
      'metrics-server': [
        set('replicas', 2, 'Two replicas: HPAs and `kubectl top` fail while the metrics API is down.'),
        set('podDisruptionBudget.enabled', true, 'Keep the metrics API available during node drains.'),
        set(
          'podDisruptionBudget.minAvailable',
          1,
          'At least one replica stays up during voluntary disruptions.',
        ),
        certManager &&
          set(
            'tls.type',
            'cert-manager',
            'cert-manager issues the serving certificate and injects its CA into the APIService.',
          ),
        certManager &&
          set(
            'apiService.insecureSkipTLSVerify',
            false,
            'The API server verifies metrics-server against the injected CA instead of skipping TLS checks.',
          ),
        operator &&
          set('metrics.enabled', true, 'Allow unauthenticated scrapes of /metrics for the ServiceMonitor.'),
        operator &&
          set(
            'serviceMonitor.enabled',
            true,
            'kube-prometheus-stack scrapes metrics-server via a ServiceMonitor.',
          ),
      ],
    })
  },
}
