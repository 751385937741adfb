import {
  ANY_COLLECTOR,
  mirrorImages,
  mirrorSet,
  serviceHost,
  set,
  settingsFor,
  writtenWebhookCa,
} from '../settings.js'
import type {Component, GrafanaDatasource, LogSink, SecretEnv, SecretFile, WiringContext} from '../types.js'

/** Name of the Elasticsearch resource; ECK derives the Service and Secret names below from it. */
export const ELASTICSEARCH_NAME = 'elasticsearch'
const HTTP_SERVICE = `${ELASTICSEARCH_NAME}-es-http`
const HTTP_PORT = 9200
/** ECK generates the `elastic` superuser's password into this Secret; nobody types it. */
const ELASTIC_PASSWORD: SecretEnv = {
  name: 'ELASTICSEARCH_PASSWORD',
  secretName: `${ELASTICSEARCH_NAME}-es-elastic-user`,
  secretKey: 'elastic',
}
/** ECK publishes the CA of its HTTP certificate in this Secret, so clients can verify the cluster. */
const HTTP_CA: SecretFile = {secretName: `${ELASTICSEARCH_NAME}-es-http-certs-public`, secretKey: 'ca.crt'}
const OPERATOR_METRICS_PORT = '8080'

function httpHost(ctx: WiringContext): string {
  return serviceHost(HTTP_SERVICE, ctx.namespaceOf('elasticsearch'))
}

export const elasticsearch: Component = {
  id: 'elasticsearch',
  title: 'Elasticsearch (ECK)',
  category: 'log-store',
  layerNamespaces: {operators: 'elastic-system'},
  scrapedBy: ANY_COLLECTOR,
  description:
    'Elasticsearch run by Elastic Cloud on Kubernetes: the ECK operator reconciles a three-node cluster with ' +
    'TLS, generated credentials and persistent volumes.',
  lifecycle: {
    status: 'maintained',
    note:
      'Installed with ECK (eck-operator and eck-elasticsearch), the supported way to run Elasticsearch on ' +
      'Kubernetes; the elastic/helm-charts charts are deprecated.',
  },
  // The operator and the ECK-built pods set no seccomp profile, which the restricted level requires.
  podSecurity: 'baseline',
  layeredOnly:
    'its Elasticsearch resource would be in the same release as the CRDs the ECK operator chart ships as templates, and Helm checks every kind of a release before it creates anything',
  charts: [
    {
      alias: 'eck-operator',
      chart: 'eck-operator',
      version: '3.5.0',
      repository: 'https://helm.elastic.co',
      layer: 'operators',
      upstreamDir: 'eck-operator',
    },
    {
      alias: 'elasticsearch',
      chart: 'eck-elasticsearch',
      version: '0.20.0',
      repository: 'https://helm.elastic.co',
      layer: 'platform',
      upstreamDir: 'eck-elasticsearch',
    },
  ],
  warnings(answers) {
    return answers.logging === 'none'
      ? ['No log agent is chosen, so nothing ships logs to Elasticsearch; pass --logging fluent-bit.']
      : []
  },
  mirror(registry) {
    return settingsFor({
      'eck-operator': [
        ...mirrorImages(registry, {'image.repository': 'docker.elastic.co/eck/eck-operator'}),
        // ECK starts Elasticsearch and Kibana from <containerRegistry>/elasticsearch/... and /kibana/...
        mirrorSet('config.containerRegistry', registry, 'docker.elastic.co (the images ECK starts)'),
      ],
    })
  },
  // The operator manages its webhook's certificate (the chart's webhook.manageCerts default).
  rewrittenFields: () =>
    writtenWebhookCa(
      'eck-operator',
      'The ECK operator writes the CA of the certificate it manages into this caBundle',
      ['ValidatingWebhookConfiguration'],
    ),
  configure(ctx) {
    const monitoring = ctx.monitoring
    return settingsFor({
      'eck-operator': [
        set(
          'installCRDs',
          true,
          'The ECK CRDs ship with the operator, in the operators layer, so they exist before the Elasticsearch resource.',
        ),
        set('telemetry.disabled', true, 'No usage telemetry from the operator.'),
        monitoring !== 'none' &&
          set(
            'config.metrics.port',
            OPERATOR_METRICS_PORT,
            'Expose the operator metrics for the chosen Prometheus.',
          ),
        monitoring === 'operator' &&
          set('podMonitor.enabled', true, 'kube-prometheus-stack scrapes the operator through a PodMonitor.'),
        monitoring === 'annotations' &&
          set(
            'podAnnotations',
            {
              'prometheus.io/scrape': 'true',
              'prometheus.io/port': OPERATOR_METRICS_PORT,
              'prometheus.io/path': '/metrics',
            },
            'The standalone Prometheus finds the operator through its scrape annotations.',
          ),
      ],
      elasticsearch: [
        set(
          'fullnameOverride',
          ELASTICSEARCH_NAME,
          'Fixed resource name, so the Service is elasticsearch-es-http and the password Secret ' +
            'elasticsearch-es-elastic-user whatever the release is called; log agents, Kibana and Grafana use them.',
        ),
        set(
          'nodeSets',
          [
            {
              name: 'default',
              count: 3,
              config: {'node.store.allow_mmap': false},
              podTemplate: {
                spec: {
                  containers: [
                    {
                      name: 'elasticsearch',
                      resources: {requests: {cpu: '1', memory: '4Gi'}, limits: {memory: '4Gi'}},
                    },
                  ],
                },
              },
              volumeClaimTemplates: [
                {
                  metadata: {name: 'elasticsearch-data'},
                  spec: {accessModes: ['ReadWriteOnce'], resources: {requests: {storage: '100Gi'}}},
                },
              ],
            },
          ],
          'Three master-eligible data nodes keep a quorum when one is down; 4 GiB memory each (ECK sizes the ' +
            'heap from it) and a 100 GiB volume each. mmap stays off so no privileged sysctl init container is ' +
            'needed; set vm.max_map_count=262144 on the nodes and drop it for heavier indexing.',
        ),
        set(
          'volumeClaimDeletePolicy',
          'DeleteOnScaledownOnly',
          'Keep the data volumes when the cluster resource is deleted (an uninstall must not delete logs).',
        ),
      ],
    })
  },
  logSink(ctx): LogSink {
    return {
      kind: 'elasticsearch',
      host: httpHost(ctx),
      port: HTTP_PORT,
      tls: true,
      user: 'elastic',
      password: ELASTIC_PASSWORD,
      ca: HTTP_CA,
    }
  },
  datasources(ctx): GrafanaDatasource[] {
    return [
      {
        name: 'Elasticsearch',
        type: 'elasticsearch',
        uid: 'elasticsearch',
        url: `https://${httpHost(ctx)}:${HTTP_PORT}`,
        access: 'proxy',
        basicAuth: true,
        basicAuthUser: 'elastic',
        jsonData: {
          // Log agents write daily logstash-YYYY.MM.DD indices.
          index: '[logstash-]YYYY.MM.DD',
          interval: 'Daily',
          timeField: '@timestamp',
          logMessageField: 'log',
        },
        secureJsonData: {basicAuthPassword: `\${${ELASTIC_PASSWORD.name}}`},
        env: [ELASTIC_PASSWORD],
        ca: HTTP_CA,
      },
    ]
  },
}
