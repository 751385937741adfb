import {mirrorSet, serviceHost, set, settingsFor} from '../settings.js'
import type {Component, GrafanaDatasource, LogSink, SecretEnv, WiringContext} from '../types.js'

const CLUSTER_NAME = 'opensearch-cluster'
const NODE_GROUP = 'master'
/** The chart names the Service `<clusterName>-<nodeGroup>`, independent of the release name. */
export const OPENSEARCH_SERVICE = `${CLUSTER_NAME}-${NODE_GROUP}`
export const OPENSEARCH_PORT = 9200
/** OpenSearch version of the pinned chart (its appVersion), for Grafana's datasource. */
const OPENSEARCH_VERSION = '3.6.0'
const ADMIN_SECRET = 'opensearch-admin'
const ADMIN_PASSWORD: SecretEnv = {
  name: 'OPENSEARCH_PASSWORD',
  secretName: ADMIN_SECRET,
  secretKey: 'password',
}

function apiHost(ctx: WiringContext): string {
  return serviceHost(OPENSEARCH_SERVICE, ctx.namespaceOf('opensearch'))
}

export const opensearch: Component = {
  id: 'opensearch',
  title: 'OpenSearch',
  category: 'log-store',
  description:
    'OpenSearch search and analytics engine: a three-node cluster with the security plugin (TLS and basic ' +
    'authentication) and persistent volumes.',
  lifecycle: {status: 'maintained', note: 'Maintained by the OpenSearch Project under the Linux Foundation.'},
  // The chart's volume-ownership init container runs as root, which the restricted level forbids.
  podSecurity: 'baseline',
  charts: [
    {
      alias: 'opensearch',
      chart: 'opensearch',
      version: '3.6.0',
      repository: 'https://opensearch-project.github.io/helm-charts/',
      layer: 'platform',
      upstreamDir: 'opensearch',
    },
  ],
  warnings(answers) {
    const warnings = [
      "OpenSearch starts with the security plugin's demo TLS certificates, as the chart does by default; replace " +
        'them with your own (securityConfig, secretMounts) before it holds production data.',
    ]
    if (answers.logging === 'none') {
      warnings.push('No log agent is chosen, so nothing ships logs to OpenSearch; pass --logging fluent-bit.')
    }
    return warnings
  },
  mirror(registry) {
    // Prefixes the OpenSearch image and the busybox init containers alike.
    return settingsFor({opensearch: [mirrorSet('global.dockerRegistry', registry, 'docker.io')]})
  },
  configure() {
    return settingsFor({
      opensearch: [
        set(
          'clusterName',
          CLUSTER_NAME,
          'With nodeGroup it names the Service opensearch-cluster-master, whatever the release is called; ' +
            'log agents, OpenSearch Dashboards and Grafana connect to it.',
        ),
        set('nodeGroup', NODE_GROUP, 'Second half of the fixed Service name.'),
        set('replicas', 3, 'Three master-eligible data nodes keep a quorum when one is down.'),
        set(
          'extraEnvs',
          [
            {
              name: 'OPENSEARCH_INITIAL_ADMIN_PASSWORD',
              valueFrom: {secretKeyRef: {name: ADMIN_SECRET, key: ADMIN_PASSWORD.secretKey}},
            },
          ],
          'OpenSearch 2.12+ does not start without an initial admin password; it is read from the ' +
            'opensearch-admin Secret, never written here.',
        ),
        set(
          ['config', 'opensearch.yml'],
          [
            `cluster.name: ${CLUSTER_NAME}`,
            'network.host: 0.0.0.0',
            // Without mmap the vm.max_map_count bootstrap check does not apply, so no privileged init container.
            'node.store.allow_mmap: false',
            '',
          ].join('\n'),
          "The chart's configuration plus node.store.allow_mmap: false, so nodes need no vm.max_map_count " +
            "change and no privileged sysctl init container; the security plugin's demo setup adds its own lines.",
        ),
        set(
          'opensearchJavaOpts',
          '-Xms1g -Xmx1g',
          'Heap at half the memory request, the rest for the page cache.',
        ),
        set(
          'resources',
          {requests: {cpu: '1', memory: '2Gi'}, limits: {memory: '2Gi'}},
          'The chart default requests 100Mi, less than its own heap.',
        ),
        set('persistence.size', '100Gi', 'Room for a few weeks of logs per node.'),
      ],
    })
  },
  logSink(ctx): LogSink {
    return {
      kind: 'opensearch',
      host: apiHost(ctx),
      port: OPENSEARCH_PORT,
      tls: true,
      user: 'admin',
      password: ADMIN_PASSWORD,
    }
  },
  datasources(ctx): GrafanaDatasource[] {
    return [
      {
        name: 'OpenSearch',
        type: 'grafana-opensearch-datasource',
        uid: 'opensearch',
        url: `https://${apiHost(ctx)}:${OPENSEARCH_PORT}`,
        access: 'proxy',
        basicAuth: true,
        basicAuthUser: 'admin',
        jsonData: {
          flavor: 'opensearch',
          version: OPENSEARCH_VERSION,
          // Log agents write daily logstash-YYYY.MM.DD indices.
          database: '[logstash-]YYYY.MM.DD',
          interval: 'Daily',
          timeField: '@timestamp',
          logMessageField: 'log',
          pplEnabled: true,
          // The demo certificates are self-signed and name no in-cluster host.
          tlsSkipVerify: true,
        },
        secureJsonData: {basicAuthPassword: `\${${ADMIN_PASSWORD.name}}`},
        env: [ADMIN_PASSWORD],
      },
    ]
  },
  prerequisites(ctx) {
    return [
      {
        namespace: ctx.namespaceOf('opensearch'),
        name: ADMIN_SECRET,
        keys: [ADMIN_PASSWORD.secretKey],
        why:
          'Initial password of the OpenSearch admin user (used on first start only; at least 8 characters ' +
          'with upper and lower case, a digit and a symbol). Log agents and Grafana sign in with it.',
      },
    ]
  },
}
