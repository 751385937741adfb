import {certificateAnnotations, set, settingsFor} from '../settings.js'
import type {Component} from '../types.js'
import {ELASTICSEARCH_NAME} from './elasticsearch.js'

const KIBANA_NAME = 'kibana'

export const kibana: Component = {
  id: 'kibana',
  title: 'Kibana (ECK)',
  category: 'dashboards',
  ui: 'kibana',
  description: "Kibana as an ECK resource, connected by the operator to the stack's Elasticsearch cluster.",
  lifecycle: {
    status: 'maintained',
    note: 'Installed as an ECK Kibana resource (eck-kibana); it needs the Elasticsearch cluster ECK runs.',
  },
  // Pods built by ECK set no seccomp profile, which the restricted level requires.
  podSecurity: 'baseline',
  charts: [
    {
      alias: 'kibana',
      chart: 'eck-kibana',
      version: '0.20.0',
      repository: 'https://helm.elastic.co',
      layer: 'platform',
      upstreamDir: 'eck-kibana',
    },
  ],
  requires: [
    {
      anyOf: ['elasticsearch'],
      why: 'Kibana is the UI of an Elasticsearch cluster and ECK connects it to one it runs',
      fix: '--log-store elasticsearch',
    },
  ],
  configure(ctx) {
    const host = ctx.hostFor('kibana')
    const exposed = host !== undefined
    return settingsFor({
      kibana: [
        set(
          'fullnameOverride',
          KIBANA_NAME,
          'Fixed resource name, so the Service is kibana-kb-http whatever the release is called.',
        ),
        set(
          'elasticsearchRef',
          {name: ELASTICSEARCH_NAME, namespace: ctx.namespaceOf('elasticsearch')},
          "ECK connects Kibana to the stack's Elasticsearch and creates its service credentials.",
        ),
        exposed &&
          set(
            'config.server.publicBaseUrl',
            `https://${host}`,
            'Kibana builds its links from the public URL it is served at.',
          ),
        exposed &&
          set(
            'http',
            {tls: {selfSignedCertificate: {disabled: true}}},
            'The ingress terminates TLS with a cert-manager certificate and proxies plain HTTP inside the ' +
              'cluster; a self-signed backend certificate would need controller-specific backend settings.',
          ),
        exposed && set('ingress.enabled', true, `Kibana is served at https://${host}.`),
        exposed && set('ingress.className', ctx.ingressClass, "The stack's ingress controller serves it."),
        exposed &&
          set(
            'ingress.annotations',
            certificateAnnotations(ctx.answers),
            'cert-manager issues the certificate from the chosen ClusterIssuer.',
          ),
        exposed && set('ingress.hosts', [{host, path: '/'}], 'Host name under the stack domain.'),
        exposed && set('ingress.tls.enabled', true, 'Nothing is exposed without TLS.'),
        exposed &&
          set('ingress.tls.secretName', 'kibana-tls', 'Secret cert-manager writes the certificate to.'),
      ],
    })
  },
}
