import {describe, expect, it} from 'vitest'
import type {AnswersInput} from '../../src/answers/schema.js'
import {CATALOG, findComponent} from '../../src/catalog/index.js'
import {chartOf, fluentBitYaml, planFor, settingOf} from '../support/plans.js'

const loki = (input: AnswersInput = {}) => planFor({preset: 'standard', ...input})
const componentWarnings = (input: AnswersInput = {}) =>
  loki(input)
    .warnings.filter((entry) => entry.code === 'COMPONENT' && entry.component === 'loki')
    .map((entry) => entry.message)

describe('loki', () => {
  it('is chosen by --log-store loki (the standard preset), in the platform layer', () => {
    expect(chartOf(loki(), 'loki').layer).toBe('platform')
    expect(chartOf(loki(), 'loki').repository).toBe('https://grafana-community.github.io/helm-charts')
  })

  it('runs monolithic with one replica on filesystem storage and a persistent volume', () => {
    const plan = loki()
    expect(settingOf(plan, 'loki', 'fullnameOverride')).toBe('loki')
    expect(settingOf(plan, 'loki', 'deploymentMode')).toBe('Monolithic')
    expect(settingOf(plan, 'loki', 'singleBinary.replicas')).toBe(1)
    expect(settingOf(plan, 'loki', 'singleBinary.persistence.size')).toBe('50Gi')
    expect(settingOf(plan, 'loki', 'loki.storage.type')).toBe('filesystem')
    expect(settingOf(plan, 'loki', 'loki.commonConfig.replication_factor')).toBe(1)
    // The chart refuses monolithic and simple-scalable replicas at once.
    for (const target of ['read', 'write', 'backend'])
      expect(settingOf(plan, 'loki', `${target}.replicas`)).toBe(0)
  })

  it('sets the mandatory schema: TSDB, v13, on the filesystem object store', () => {
    expect(settingOf(loki(), 'loki', 'loki.schemaConfig')).toEqual({
      configs: [
        {
          from: '2024-04-01',
          store: 'tsdb',
          object_store: 'filesystem',
          schema: 'v13',
          index: {prefix: 'loki_index_', period: '24h'},
        },
      ],
    })
  })

  it('applies a 31-day retention through the compactor', () => {
    const plan = loki()
    expect(settingOf(plan, 'loki', 'loki.limits_config.retention_period')).toBe('744h')
    expect(settingOf(plan, 'loki', 'loki.compactor')).toEqual({
      retention_enabled: true,
      delete_request_store: 'filesystem',
    })
  })

  it('drops the 8 GiB chunks cache, shrinks the results cache, and runs no canary or Helm test', () => {
    const plan = loki()
    expect(settingOf(plan, 'loki', 'chunksCache.enabled')).toBe(false)
    expect(settingOf(plan, 'loki', 'resultsCache.allocatedMemory')).toBe(512)
    expect(settingOf(plan, 'loki', 'lokiCanary.enabled')).toBe(false)
    expect(settingOf(plan, 'loki', 'test.enabled')).toBe(false)
  })

  it('turns usage reporting off', () => {
    expect(settingOf(loki(), 'loki', 'loki.analytics')).toEqual({reporting_enabled: false})
  })

  it('keeps multi-tenancy on, and agent, Grafana and Loki agree on the stack name as tenant', () => {
    const plan = loki({name: 'prod-eu', logging: 'fluent-bit'})
    expect(settingOf(plan, 'loki', 'loki.auth_enabled')).toBe(true)
    expect(settingOf(plan, 'loki', 'gateway.enabled')).toBe(true)
    for (const output of fluentBitYaml(plan).pipeline.outputs)
      expect(output).toMatchObject({tenant_id: 'prod-eu', host: 'loki-gateway.platform.svc', port: 80})
    const datasources = settingOf(plan, 'grafana', 'datasources.datasources.yaml') as {
      datasources: Array<Record<string, unknown>>
    }
    expect(datasources.datasources.find((entry) => entry.type === 'loki')).toMatchObject({
      name: 'Loki',
      uid: 'loki',
      url: 'http://loki-gateway.platform.svc:80',
      jsonData: {httpHeaderName1: 'X-Scope-OrgID'},
      secureJsonData: {httpHeaderValue1: 'prod-eu'},
    })
  })

  it('as offered, its datasource does not claim the default', () => {
    const ctx = {namespaceOf: () => 'platform', answers: {name: 'x'}}
    const [offered] = findComponent(CATALOG, 'loki')!.datasources!(ctx as never)
    expect(offered).not.toHaveProperty('isDefault')
  })

  it('with kube-prometheus-stack, turns on ServiceMonitors, rules, alerts, and dashboards for Grafana', () => {
    const plan = loki({metrics: 'kube-prometheus-stack', dashboards: ['grafana']})
    expect(settingOf(plan, 'loki', 'monitoring.serviceMonitor.enabled')).toBe(true)
    expect(settingOf(plan, 'loki', 'monitoring.rules.enabled')).toBe(true)
    expect(settingOf(plan, 'loki', 'monitoring.alerts.enabled')).toBe(true)
    expect(settingOf(plan, 'loki', 'monitoring.dashboards.enabled')).toBe(true)
    expect(settingOf(plan, 'loki', 'singleBinary.podAnnotations')).toBeUndefined()
  })

  it('without Grafana, ships no dashboards', () => {
    const plan = loki({metrics: 'kube-prometheus-stack', dashboards: []})
    expect(settingOf(plan, 'loki', 'monitoring.dashboards.enabled')).toBeUndefined()
  })

  it('with standalone Prometheus, uses scrape annotations and no ServiceMonitor', () => {
    const plan = loki({metrics: 'prometheus'})
    expect(settingOf(plan, 'loki', 'monitoring.serviceMonitor.enabled')).toBeUndefined()
    expect(settingOf(plan, 'loki', 'singleBinary.podAnnotations')).toEqual({
      'prometheus.io/scrape': 'true',
      'prometheus.io/port': '3100',
      'prometheus.io/path': '/metrics',
    })
  })

  it('says the chart moved to grafana-community', () => {
    const component = loki().components.find((entry) => entry.id === 'loki')!
    expect(component.lifecycle.status).toBe('moved')
    expect(loki().warnings).toContainEqual(
      expect.objectContaining({
        code: 'LIFECYCLE',
        component: 'loki',
        message: expect.stringMatching(/grafana-community/),
      }),
    )
  })

  it('warns when no log agent ships to it', () => {
    expect(componentWarnings({logging: 'none'}).join('\n')).toMatch(/--logging fluent-bit/)
    expect(componentWarnings({logging: 'fluent-bit'})).toEqual([])
  })
})
