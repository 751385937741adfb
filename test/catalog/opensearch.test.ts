import {describe, expect, it} from 'vitest'
import type {AnswersInput} from '../../src/answers/schema.js'
import {CATALOG, findComponent} from '../../src/catalog/index.js'
import type {WiringContext} from '../../src/catalog/types.js'
import {chartOf, fluentBitYaml, planFor, settingOf} from '../support/plans.js'

const opensearch = (input: AnswersInput = {}) =>
  planFor({preset: 'standard', logStore: 'opensearch', dashboards: ['grafana'], ...input})
const componentWarnings = (input: AnswersInput = {}) =>
  opensearch(input)
    .warnings.filter((entry) => entry.component === 'opensearch')
    .map((entry) => entry.message)
/** Just enough context to ask the component for its sink and datasource directly. */
const fakeContext = {namespaceOf: () => 'platform'} as unknown as WiringContext

describe('opensearch', () => {
  it('is chosen by --log-store opensearch, in the platform layer', () => {
    expect(chartOf(opensearch(), 'opensearch').layer).toBe('platform')
  })

  it('fixes clusterName and nodeGroup, which name the Service opensearch-cluster-master', () => {
    const plan = opensearch()
    expect(settingOf(plan, 'opensearch', 'clusterName')).toBe('opensearch-cluster')
    expect(settingOf(plan, 'opensearch', 'nodeGroup')).toBe('master')
    expect(settingOf(plan, 'opensearch', 'config.opensearch.yml')).toContain(
      'cluster.name: opensearch-cluster',
    )
  })

  it('reads the initial admin password from the opensearch-admin Secret, never inline', () => {
    const plan = opensearch()
    expect(settingOf(plan, 'opensearch', 'extraEnvs')).toEqual([
      {
        name: 'OPENSEARCH_INITIAL_ADMIN_PASSWORD',
        valueFrom: {secretKeyRef: {name: 'opensearch-admin', key: 'password'}},
      },
    ])
    expect(plan.prerequisites).toContainEqual(
      expect.objectContaining({namespace: 'platform', name: 'opensearch-admin', keys: ['password']}),
    )
  })

  it('runs three nodes with a heap that fits the memory request', () => {
    const plan = opensearch()
    expect(settingOf(plan, 'opensearch', 'replicas')).toBe(3)
    expect(settingOf(plan, 'opensearch', 'opensearchJavaOpts')).toBe('-Xms1g -Xmx1g')
    expect(settingOf(plan, 'opensearch', 'resources')).toEqual({
      requests: {cpu: '1', memory: '2Gi'},
      limits: {memory: '2Gi'},
    })
    expect(settingOf(plan, 'opensearch', 'config.opensearch.yml')).toContain('node.store.allow_mmap: false')
  })

  it('offers a log sink over HTTPS as admin with the password from the prerequisite Secret', () => {
    expect(findComponent(CATALOG, 'opensearch')!.logSink!(fakeContext)).toEqual({
      kind: 'opensearch',
      host: 'opensearch-cluster-master.platform.svc',
      port: 9200,
      tls: true,
      user: 'admin',
      password: {name: 'OPENSEARCH_PASSWORD', secretName: 'opensearch-admin', secretKey: 'password'},
    })
    const [output] = fluentBitYaml(opensearch({logging: 'fluent-bit'})).pipeline.outputs
    expect(output?.host).toBe('opensearch-cluster-master.platform.svc')
  })

  it('offers Grafana a datasource of the OpenSearch plugin, and Grafana installs the plugin', () => {
    const [offered] = findComponent(CATALOG, 'opensearch')!.datasources!(fakeContext)
    expect(offered).toMatchObject({
      name: 'OpenSearch',
      type: 'grafana-opensearch-datasource',
      url: 'https://opensearch-cluster-master.platform.svc:9200',
      basicAuth: true,
      basicAuthUser: 'admin',
      jsonData: {flavor: 'opensearch', version: '3.6.0', timeField: '@timestamp'},
      secureJsonData: {basicAuthPassword: `\${OPENSEARCH_PASSWORD}`},
      env: [{name: 'OPENSEARCH_PASSWORD', secretName: 'opensearch-admin', secretKey: 'password'}],
    })
    expect(offered).not.toHaveProperty('isDefault')
    const plan = opensearch()
    expect(settingOf(plan, 'grafana', 'plugins')).toEqual(['grafana-opensearch-datasource'])
    expect(plan.wiring).toContainEqual({from: 'grafana', to: 'opensearch', what: 'Grafana datasource'})
  })

  it('warns that it runs the demo security certificates', () => {
    expect(componentWarnings().join('\n')).toMatch(/demo TLS certificates/)
  })

  it('warns when no log agent ships to it', () => {
    expect(componentWarnings({logging: 'none'}).join('\n')).toMatch(/--logging fluent-bit/)
    expect(componentWarnings({logging: 'fluent-bit'}).join('\n')).not.toMatch(/--logging/)
  })
})
