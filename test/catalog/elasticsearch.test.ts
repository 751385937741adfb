import {describe, expect, it} from 'vitest'
import type {AnswersInput} from '../../src/answers/schema.js'
import {CATALOG, findComponent} from '../../src/catalog/index.js'
import type {WiringContext} from '../../src/catalog/types.js'
import {chartOf, fluentBitYaml, planFor, settingOf} from '../support/plans.js'

const es = (input: AnswersInput = {}) =>
  planFor({preset: 'standard', logStore: 'elasticsearch', dashboards: ['grafana'], ...input})
/** Just enough context to ask the component for its datasource directly. */
const fakeContext = {namespaceOf: () => 'platform'} as unknown as WiringContext
const componentWarnings = (input: AnswersInput) =>
  es(input)
    .warnings.filter((entry) => entry.component === 'elasticsearch')
    .map((entry) => entry.message)

describe('elasticsearch (ECK)', () => {
  it('installs the operator with its CRDs in the operators layer, before the cluster in the platform layer', () => {
    const plan = es()
    expect(chartOf(plan, 'eck-operator').layer).toBe('operators')
    expect(plan.layers.find((layer) => layer.id === 'operators')?.namespace).toBe('elastic-system')
    expect(settingOf(plan, 'eck-operator', 'installCRDs')).toBe(true)
    expect(chartOf(plan, 'elasticsearch').chart).toBe('eck-elasticsearch')
    expect(chartOf(plan, 'elasticsearch').layer).toBe('platform')
    const order = plan.layers.map((layer) => layer.id)
    expect(order.indexOf('operators')).toBeLessThan(order.indexOf('platform'))
  })

  it('fixes the resource name, so the Service and password Secret names never depend on the release', () => {
    expect(settingOf(es(), 'elasticsearch', 'fullnameOverride')).toBe('elasticsearch')
  })

  it('runs three nodes with 100 GiB volumes named as ECK expects', () => {
    const [nodeSet] = settingOf(es(), 'elasticsearch', 'nodeSets') as Array<Record<string, unknown>>
    expect(nodeSet).toMatchObject({
      name: 'default',
      count: 3,
      config: {'node.store.allow_mmap': false},
      volumeClaimTemplates: [
        {metadata: {name: 'elasticsearch-data'}, spec: {resources: {requests: {storage: '100Gi'}}}},
      ],
    })
    expect(settingOf(es(), 'elasticsearch', 'volumeClaimDeletePolicy')).toBe('DeleteOnScaledownOnly')
  })

  it('turns operator telemetry off', () => {
    expect(settingOf(es(), 'eck-operator', 'telemetry.disabled')).toBe(true)
  })

  it('with kube-prometheus-stack, exposes operator metrics and turns its PodMonitor on', () => {
    const plan = es({metrics: 'kube-prometheus-stack'})
    expect(settingOf(plan, 'eck-operator', 'config.metrics.port')).toBe('8080')
    expect(settingOf(plan, 'eck-operator', 'podMonitor.enabled')).toBe(true)
    expect(settingOf(plan, 'eck-operator', 'podAnnotations')).toBeUndefined()
  })

  it('with standalone Prometheus, uses scrape annotations and no PodMonitor', () => {
    const plan = es({metrics: 'prometheus'})
    expect(settingOf(plan, 'eck-operator', 'podMonitor.enabled')).toBeUndefined()
    expect(settingOf(plan, 'eck-operator', 'podAnnotations')).toEqual({
      'prometheus.io/scrape': 'true',
      'prometheus.io/port': '8080',
      'prometheus.io/path': '/metrics',
    })
  })

  it('without metrics, leaves operator metrics off', () => {
    const plan = es({metrics: 'none'})
    expect(settingOf(plan, 'eck-operator', 'config.metrics.port')).toBeUndefined()
    expect(plan.wiring.filter((edge) => edge.from === 'elasticsearch')).toEqual([])
  })

  it('offers a log sink over HTTPS with the elastic user, the ECK-generated password Secret and its CA', () => {
    const sink = findComponent(CATALOG, 'elasticsearch')!.logSink!(fakeContext)
    expect(sink).toEqual({
      kind: 'elasticsearch',
      host: 'elasticsearch-es-http.platform.svc',
      port: 9200,
      tls: true,
      user: 'elastic',
      password: {
        name: 'ELASTICSEARCH_PASSWORD',
        secretName: 'elasticsearch-es-elastic-user',
        secretKey: 'elastic',
      },
      ca: {secretName: 'elasticsearch-es-http-certs-public', secretKey: 'ca.crt'},
    })
    const plan = es({logging: 'fluent-bit'})
    expect(settingOf(plan, 'fluent-bit', 'env')).toEqual([
      {
        name: 'ELASTICSEARCH_PASSWORD',
        valueFrom: {secretKeyRef: {name: 'elasticsearch-es-elastic-user', key: 'elastic'}},
      },
    ])
    expect(plan.wiring).toContainEqual({from: 'fluent-bit', to: 'elasticsearch', what: 'log output'})
  })

  it('offers Grafana an HTTPS Elasticsearch datasource with basic auth from the Secret, not as default', () => {
    const datasources = settingOf(es({metrics: 'none'}), 'grafana', 'datasources.datasources.yaml') as {
      datasources: Array<Record<string, unknown>>
    }
    const source = datasources.datasources.find((entry) => entry.type === 'elasticsearch')
    expect(source).toMatchObject({
      name: 'Elasticsearch',
      uid: 'elasticsearch',
      url: 'https://elasticsearch-es-http.platform.svc:9200',
      basicAuth: true,
      basicAuthUser: 'elastic',
      secureJsonData: {basicAuthPassword: `\${ELASTICSEARCH_PASSWORD}`},
    })
    expect(source).not.toHaveProperty('env')
    expect(settingOf(es({metrics: 'none'}), 'grafana', 'envValueFrom')).toEqual({
      ELASTICSEARCH_PASSWORD: {secretKeyRef: {name: 'elasticsearch-es-elastic-user', key: 'elastic'}},
    })
    // As offered, the datasource never claims the default; Prometheus does when present.
    const offered = findComponent(CATALOG, 'elasticsearch')!.datasources!(fakeContext)
    expect(offered).toHaveLength(1)
    expect(offered[0]).not.toHaveProperty('isDefault')
  })

  it('needs no prerequisite Secret: ECK generates the password', () => {
    expect(es().prerequisites.filter((entry) => entry.name.startsWith('elasticsearch'))).toEqual([])
  })

  it('says that elastic/helm-charts is deprecated in favour of ECK', () => {
    const component = es().components.find((entry) => entry.id === 'elasticsearch')!
    expect(component.lifecycle.status).toBe('maintained')
    expect(component.lifecycle.note).toMatch(/elastic\/helm-charts.*deprecated/)
  })

  it('warns when no log agent ships to it', () => {
    expect(componentWarnings({logging: 'none'}).join('\n')).toMatch(/--logging fluent-bit/)
    expect(componentWarnings({logging: 'fluent-bit'})).toEqual([])
  })

  it("makes every client verify the cluster's certificate with ECK's published CA", () => {
    const withBit = es({logging: 'fluent-bit', dashboards: ['grafana']})
    for (const output of fluentBitYaml(withBit).pipeline.outputs)
      expect(output).toMatchObject({'tls.verify': 'on', 'tls.ca_file': '/fluent-bit/store-ca/ca.crt'})
    expect(settingOf(withBit, 'fluent-bit', 'extraVolumes')).toEqual([
      {name: 'store-ca', secret: {secretName: 'elasticsearch-es-http-certs-public'}},
    ])
    expect(settingOf(withBit, 'fluent-bit', 'extraVolumeMounts')).toEqual([
      {name: 'store-ca', mountPath: '/fluent-bit/store-ca', readOnly: true},
    ])

    const withFluentd = es({logging: 'fluentd'})
    const fluentdConf = settingOf(withFluentd, 'fluentd', 'fileConfigs.04_outputs.conf') as string
    expect(fluentdConf).toContain('ssl_verify true')
    expect(fluentdConf).toContain('ca_file /fluentd/store-ca/ca.crt')
    expect(settingOf(withFluentd, 'fluentd', 'volumeMounts')).toEqual([
      {name: 'store-ca', mountPath: '/fluentd/store-ca', readOnly: true},
    ])

    const provisioned = settingOf(withBit, 'grafana', 'datasources.datasources.yaml') as {
      datasources: Array<{
        type: string
        ca?: unknown
        jsonData: Record<string, unknown>
        secureJsonData: Record<string, unknown>
      }>
    }
    const datasource = provisioned.datasources.find((source) => source.type === 'elasticsearch')!
    expect(datasource.jsonData.tlsAuthWithCACert).toBe(true)
    expect(datasource.jsonData.tlsSkipVerify).toBeUndefined()
    expect(datasource.secureJsonData.tlsCACert).toBe(
      '$__file{/etc/grafana/datasource-ca/elasticsearch/ca.crt}',
    )
    expect(datasource.ca).toBeUndefined()
    expect(settingOf(withBit, 'grafana', 'extraSecretMounts')).toEqual([
      {
        name: 'ca-elasticsearch',
        mountPath: '/etc/grafana/datasource-ca/elasticsearch',
        secretName: 'elasticsearch-es-http-certs-public',
        readOnly: true,
      },
    ])
  })
})
