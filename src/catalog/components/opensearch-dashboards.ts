import {certificateAnnotations, mirrorImages, serviceHost, set, settingsFor} from '../settings.js'
import type {Component} from '../types.js'
import {OPENSEARCH_PORT, OPENSEARCH_SERVICE} from './opensearch.js'

const ACCOUNT_SECRET = 'opensearch-dashboards-account'

export const opensearchDashboards: Component = {
  id: 'opensearch-dashboards',
  title: 'OpenSearch Dashboards',
  category: 'dashboards',
  ui: 'opensearch-dashboards',
  description:
    "The web UI of OpenSearch: search, visualise and alert on the logs stored in the stack's OpenSearch.",
  lifecycle: {status: 'maintained', note: 'Maintained by the OpenSearch Project with OpenSearch itself.'},
  // The chart's containers set no seccomp profile, which the restricted level requires.
  podSecurity: 'baseline',
  charts: [
    {
      alias: 'opensearch-dashboards',
      chart: 'opensearch-dashboards',
      version: '3.6.0',
      repository: 'https://opensearch-project.github.io/helm-charts/',
      layer: 'platform',
      upstreamDir: 'opensearch-dashboards',
    },
  ],
  requires: [
    {
      anyOf: ['opensearch'],
      why: 'OpenSearch Dashboards is the UI of an OpenSearch cluster',
      fix: '--log-store opensearch',
    },
  ],
  mirror(registry) {
    return settingsFor({
      'opensearch-dashboards': mirrorImages(registry, {
        'image.repository': 'opensearchproject/opensearch-dashboards',
      }),
    })
  },
  configure(ctx) {
    const host = ctx.hostFor('opensearch-dashboards')
    const exposed = host !== undefined
    const api = serviceHost(OPENSEARCH_SERVICE, ctx.namespaceOf('opensearch'))
    return settingsFor({
      'opensearch-dashboards': [
        set(
          'fullnameOverride',
          'opensearch-dashboards',
          'Fixed name, so the Service is opensearch-dashboards whatever the release is called.',
        ),
        set(
          'opensearchHosts',
          `https://${api}:${OPENSEARCH_PORT}`,
          "The stack's OpenSearch Service (fixed name, fully qualified so the namespace never matters).",
        ),
        set(
          'opensearchAccount.secret',
          ACCOUNT_SECRET,
          'Dashboards signs in to OpenSearch with this account instead of the demo kibanaserver user; the ' +
            'Secret also holds the session cookie key.',
        ),
        exposed && set('ingress.enabled', true, `OpenSearch Dashboards is served at https://${host}.`),
        exposed &&
          set('ingress.ingressClassName', ctx.ingressClass, "The stack's ingress controller serves it."),
        exposed &&
          set(
            'ingress.annotations',
            certificateAnnotations(ctx.answers),
            'cert-manager issues the certificate from the chosen ClusterIssuer.',
          ),
        exposed &&
          set(
            'ingress.hosts',
            // Empty backend fields make the chart use its own Service and port.
            [{host, paths: [{path: '/', backend: {serviceName: '', servicePort: ''}}]}],
            'Host name under the stack domain.',
          ),
        exposed &&
          set(
            'ingress.tls',
            [{secretName: 'opensearch-dashboards-tls', hosts: [host]}],
            'Nothing is exposed without TLS; cert-manager writes the certificate to this Secret.',
          ),
      ],
    })
  },
  prerequisites(ctx) {
    return [
      {
        namespace: ctx.namespaceOf('opensearch-dashboards'),
        name: ACCOUNT_SECRET,
        keys: ['username', 'password', 'cookie'],
        why:
          "The OpenSearch user Dashboards signs in with: the security plugin's kibanaserver user (change its demo " +
          'password first) or another user set as the Dashboards server user; cookie: a random string of at least ' +
          '32 characters that signs sessions.',
      },
    ]
  },
}
