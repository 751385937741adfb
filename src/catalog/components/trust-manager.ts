import {injectedWebhookCa, mirrorSet, set, settingsFor} from '../settings.js'
import type {Component} from '../types.js'

/** cert-manager's namespace when the stack installs it, else where the cluster's own copy usually runs. */
const CERT_MANAGER_NAMESPACE = 'cert-manager'

export const trustManager: Component = {
  id: 'trust-manager',
  title: 'trust-manager',
  category: 'essentials',
  scrapedBy: ['operator'],
  // Its release lives next to cert-manager unless the layer already has a namespace (ECK's).
  layerNamespaces: {operators: CERT_MANAGER_NAMESPACE},
  description:
    'Copies CA certificates from Secrets into ConfigMaps (Bundle resources) and keeps them in step: the trust ' +
    'roots that components such as Linkerd read from a ConfigMap cert-manager cannot write.',
  lifecycle: {status: 'maintained', note: 'Maintained by the cert-manager project.'},
  layeredOnly:
    "its Bundle would be in the same release as the Bundle CRD trust-manager's chart creates, and Helm checks every kind of a release before it creates anything",
  charts: [
    {
      alias: 'trust-manager',
      chart: 'trust-manager',
      version: 'v0.24.0',
      repository: 'https://charts.jetstack.io',
      // After cert-manager: its webhook serving certificate is a cert-manager Certificate.
      layer: 'operators',
      upstreamDir: 'trust-manager',
    },
  ],
  // Never chosen on its own: added when a chosen component needs a CA bundle in a ConfigMap.
  chosenBy: () => false,
  neededBy(_answers, selection) {
    const needing = selection.components.filter((component) => component.trustBundles)
    if (needing.length === 0) return undefined
    return `added because ${needing.map((component) => component.title).join(' and ')} reads its trust roots from a ConfigMap it keeps filled`
  },
  mirror(registry) {
    return settingsFor({'trust-manager': [mirrorSet('imageRegistry', registry, 'quay.io/jetstack')]})
  },
  rewrittenFields: () => injectedWebhookCa('trust-manager', ['ValidatingWebhookConfiguration']),
  configure(ctx) {
    const bundles = ctx.trustBundles()
    const namespace = ctx.has('cert-manager') ? ctx.namespaceOf('cert-manager') : CERT_MANAGER_NAMESPACE
    const trustNamespace = bundles[0]?.namespace
    return settingsFor({
      'trust-manager': [
        set(
          'namespace',
          namespace,
          'Runs next to cert-manager, whose CA injector and Certificates it relies on.',
        ),
        set(
          'crds.keep',
          true,
          'Keep the Bundle CRD, and with it every Bundle, if this release is uninstalled.',
        ),
        trustNamespace !== undefined &&
          set(
            'app.trust.namespace',
            trustNamespace,
            'trust-manager reads source Secrets from one namespace only: the one the trust anchor is issued in.',
          ),
        set(
          'defaultPackage.enabled',
          false,
          "No public CA bundle is needed: each Bundle carries only the stack's own trust anchors.",
        ),
        ctx.monitoring === 'operator' &&
          set(
            'app.metrics.service.servicemonitor.enabled',
            true,
            'kube-prometheus-stack scrapes trust-manager.',
          ),
      ],
    })
  },
  manifests(ctx) {
    return ctx.trustBundles().map((bundle) => ({
      layer: bundle.layer,
      file: `trust-bundle-${bundle.name}`,
      objects: [
        {
          apiVersion: 'trust.cert-manager.io/v1alpha1',
          kind: 'Bundle',
          metadata: {name: bundle.name},
          spec: {
            sources: [{secret: {name: bundle.source.secretName, key: bundle.source.secretKey}}],
            target: {
              configMap: {key: bundle.key},
              namespaceSelector: {matchLabels: {'kubernetes.io/metadata.name': bundle.namespace}},
            },
          },
        },
      ],
    }))
  },
}
