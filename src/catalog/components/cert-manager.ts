import type {Answers} from '../../answers/schema.js'
import {ANY_COLLECTOR, injectedWebhookCa, mirrorSet, set, settingsFor} from '../settings.js'
import type {Component, Selection} from '../types.js'

/** What in the selection asks cert-manager for certificates, as the reason it is added. */
function certificatesNeededFor(answers: Answers, selection: Selection): string | undefined {
  if (selection.has('linkerd')) return "added because Linkerd's identity certificates come from cert-manager"
  if (answers.domain && selection.components.some((component) => component.ingressClass))
    return `added for TLS on UIs under ${answers.domain}`
  return undefined
}

export const certManager: Component = {
  id: 'cert-manager',
  title: 'cert-manager',
  category: 'essentials',
  scrapedBy: ANY_COLLECTOR,
  description:
    'Issues and renews TLS certificates (ACME, CA, self-signed) from Certificate resources: UI certificates and ' +
    "Linkerd's identity issuer. Cluster-wide, installed once per cluster in its own layer.",
  lifecycle: {
    status: 'maintained',
    note: 'Actively maintained CNCF graduated project; install it once per cluster, never inside another chart.',
  },
  charts: [
    {
      alias: 'cert-manager',
      chart: 'cert-manager',
      version: 'v1.21.1',
      repository: 'https://charts.jetstack.io',
      layer: 'cert-manager',
      upstreamDir: 'cert-manager',
    },
  ],
  answers: [
    {
      key: 'certManager',
      flag: 'cert-manager',
      question: 'Install cert-manager',
      help: 'Install cert-manager.',
      order: 8,
      schema: {
        type: 'boolean',
        description: 'Install cert-manager (false: the cluster already runs it; install it only once).',
      },
      default: true,
    },
  ],
  // Never chosen on its own: the plan adds it when something needs certificates, unless the answer says the cluster has it.
  chosenBy: () => false,
  neededBy(answers, selection) {
    if (answers.certManager === false) return undefined
    return certificatesNeededFor(answers, selection)
  },
  warnings(answers) {
    const warnings = [
      'cert-manager is cluster-wide (CRDs, webhooks, ClusterIssuers): install it once per cluster. If the cluster ' +
        'already runs it, use --no-cert-manager instead of installing a second copy.',
    ]
    if (answers.domain && answers.ingress !== 'none') {
      warnings.push(
        `UI certificates are requested from the ClusterIssuer "${answers.tlsIssuer}", which prodstack does not ` +
          "create: create it (for example an ACME issuer for Let's Encrypt) after the cert-manager layer is installed.",
      )
    }
    return warnings
  },
  mirror(registry) {
    // The controller, webhook, cainjector, startupapicheck and ACME solver images all follow it.
    return settingsFor({'cert-manager': [mirrorSet('imageRegistry', registry, 'quay.io/jetstack')]})
  },
  rewrittenFields: () => injectedWebhookCa('cert-manager'),
  configure(ctx) {
    const monitoring = ctx.monitoring
    return settingsFor({
      'cert-manager': [
        set(
          'crds.enabled',
          true,
          'CRDs as templates of this release, so `helm upgrade` upgrades them; this layer is installed before anything creates Certificates.',
        ),
        set(
          'crds.keep',
          true,
          'Keep the CRDs, and with them every Certificate and Issuer, if this release is uninstalled.',
        ),
        set('replicaCount', 2, 'Two controllers (leader-elected) so a node drain does not pause renewals.'),
        set('podDisruptionBudget.enabled', true, 'Keep one controller running during voluntary disruptions.'),
        set(
          'webhook.replicaCount',
          2,
          'Two webhook pods: the API server calls it for every cert-manager resource.',
        ),
        set('webhook.podDisruptionBudget.enabled', true, 'Keep one webhook pod running during node drains.'),
        set(
          'cainjector.replicaCount',
          2,
          'Two CA injectors (leader-elected) for the webhooks that rely on it.',
        ),
        set(
          'cainjector.podDisruptionBudget.enabled',
          true,
          'Keep one CA injector running during node drains.',
        ),
        monitoring !== 'none' &&
          set(
            'prometheus.enabled',
            true,
            monitoring === 'operator'
              ? 'Expose controller metrics for kube-prometheus-stack.'
              : 'Expose controller metrics with prometheus.io annotations, which the standalone Prometheus scrapes.',
          ),
        monitoring === 'operator' &&
          set(
            'prometheus.servicemonitor.enabled',
            true,
            'kube-prometheus-stack scrapes cert-manager via a ServiceMonitor.',
          ),
      ],
    })
  },
}
