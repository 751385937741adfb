import {describe, expect, it} from 'vitest'
import type {AnswersInput} from '../../src/answers/schema.js'
import {provisionedDatasources} from '../../src/catalog/components/grafana.js'
import type {GrafanaDatasource} from '../../src/catalog/types.js'
import {chartOf, planFor, settingOf} from '../support/plans.js'

type Provisioned = Array<Record<string, unknown>>

const grafana = (input: AnswersInput = {}) => planFor({preset: 'standard', dashboards: ['grafana'], ...input})
const datasourcesOf = (input: AnswersInput): Provisioned =>
  (settingOf(grafana(input), 'grafana', 'datasources.datasources.yaml') as {datasources: Provisioned})
    .datasources
const defaultsOf = (sources: Provisioned) => sources.filter((source) => source.isDefault === true)
const componentWarnings = (input: AnswersInput) =>
  grafana(input)
    .warnings.filter((entry) => entry.code === 'COMPONENT' && entry.component === 'grafana')
    .map((entry) => entry.message)

const source = (name: string, extra: Record<string, unknown> = {}) =>
  ({
    name,
    type: name.toLowerCase(),
    uid: name.toLowerCase(),
    url: `http://${name}`,
    access: 'proxy',
    ...extra,
  }) as GrafanaDatasource

describe('grafana', () => {
  it('is chosen by --dashboards grafana, in the platform layer', () => {
    expect(chartOf(grafana(), 'grafana').layer).toBe('platform')
    expect(chartOf(grafana(), 'grafana').repository).toBe('https://grafana-community.github.io/helm-charts')
  })

  it('takes the admin login from the grafana-admin Secret, listed as a prerequisite; no default password', () => {
    const plan = grafana()
    expect(settingOf(plan, 'grafana', 'admin.existingSecret')).toBe('grafana-admin')
    expect(settingOf(plan, 'grafana', 'adminPassword')).toBeUndefined()
    expect(plan.prerequisites).toContainEqual(
      expect.objectContaining({
        namespace: 'platform',
        name: 'grafana-admin',
        keys: ['admin-user', 'admin-password'],
      }),
    )
  })

  it('standard preset (kube-prometheus-stack + Loki): Prometheus is the one default, Loki is provisioned', () => {
    const sources = datasourcesOf({preset: 'standard'})
    const types = sources.map((entry) => entry.type)
    expect(types).toEqual(expect.arrayContaining(['prometheus', 'loki']))
    expect(defaultsOf(sources)).toHaveLength(1)
    expect(defaultsOf(sources)[0]?.type).toBe('prometheus')
  })

  it('full preset (kube-prometheus-stack + Elasticsearch): Prometheus default, Elasticsearch with its password env', () => {
    const plan = grafana({preset: 'full', dashboards: ['grafana', 'kibana']})
    const sources = (settingOf(plan, 'grafana', 'datasources.datasources.yaml') as {datasources: Provisioned})
      .datasources
    expect(sources.map((entry) => entry.type)).toEqual(
      expect.arrayContaining(['prometheus', 'elasticsearch']),
    )
    expect(sources.map((entry) => entry.type)).not.toContain('loki')
    expect(defaultsOf(sources)).toHaveLength(1)
    expect(defaultsOf(sources)[0]?.type).toBe('prometheus')
    expect(settingOf(plan, 'grafana', 'envValueFrom')).toMatchObject({
      ELASTICSEARCH_PASSWORD: {secretKeyRef: {name: 'elasticsearch-es-elastic-user', key: 'elastic'}},
    })
  })

  it('with only a log store, makes that datasource the default so exactly one is', () => {
    const sources = datasourcesOf({metrics: 'none', logStore: 'loki'})
    expect(sources.map((entry) => entry.name)).toEqual(['Loki'])
    expect(defaultsOf(sources)).toEqual([expect.objectContaining({name: 'Loki'})])
  })

  it('keeps exactly one default: the first offered as default, else the first', () => {
    const none = provisionedDatasources([source('A'), source('B')])
    expect(none.map((entry) => entry.isDefault)).toEqual([true, false])
    const claimed = provisionedDatasources([
      source('A'),
      source('B', {isDefault: true}),
      source('C', {isDefault: true}),
    ])
    expect(claimed.map((entry) => entry.isDefault)).toEqual([false, true, false])
    expect(provisionedDatasources([])).toEqual([])
  })

  it('never writes the env list into the provisioning file, and keeps provisioned sources read-only', () => {
    const [entry] = provisionedDatasources([
      source('A', {env: [{name: 'A_PASSWORD', secretName: 's', secretKey: 'k'}]}),
    ])
    expect(entry).not.toHaveProperty('env')
    expect(entry?.editable).toBe(false)
  })

  it('installs the OpenSearch datasource plugin only when OpenSearch is in the stack', () => {
    expect(settingOf(grafana({logStore: 'opensearch'}), 'grafana', 'plugins')).toEqual([
      'grafana-opensearch-datasource',
    ])
    expect(settingOf(grafana({logStore: 'loki'}), 'grafana', 'plugins')).toBeUndefined()
  })

  it('collects labelled dashboard ConfigMaps from every namespace', () => {
    const plan = grafana()
    expect(settingOf(plan, 'grafana', 'sidecar.dashboards.enabled')).toBe(true)
    expect(settingOf(plan, 'grafana', 'sidecar.dashboards.label')).toBe('grafana_dashboard')
    expect(settingOf(plan, 'grafana', 'sidecar.dashboards.searchNamespace')).toBe('ALL')
  })

  it('turns usage reporting and update checks off', () => {
    expect(settingOf(grafana(), 'grafana', 'grafana.ini.analytics')).toEqual({
      reporting_enabled: false,
      check_for_updates: false,
      check_for_plugin_updates: false,
    })
  })

  it('persists its data on a volume it can reattach (Recreate) without a root chown init container', () => {
    const plan = grafana()
    expect(settingOf(plan, 'grafana', 'persistence.enabled')).toBe(true)
    expect(settingOf(plan, 'grafana', 'deploymentStrategy')).toEqual({type: 'Recreate'})
    expect(settingOf(plan, 'grafana', 'initChownData.enabled')).toBe(false)
  })

  it('with a domain, is exposed at grafana.<domain> with TLS from cert-manager and its public URL', () => {
    const plan = grafana({domain: 'example.com', ingress: 'traefik'})
    expect(settingOf(plan, 'grafana', 'ingress.enabled')).toBe(true)
    expect(settingOf(plan, 'grafana', 'ingress.ingressClassName')).toBe('traefik')
    expect(settingOf(plan, 'grafana', 'ingress.hosts')).toEqual(['grafana.example.com'])
    expect(settingOf(plan, 'grafana', 'ingress.tls')).toEqual([
      {secretName: 'grafana-tls', hosts: ['grafana.example.com']},
    ])
    expect(settingOf(plan, 'grafana', 'ingress.annotations')).toEqual({
      'cert-manager.io/cluster-issuer': 'letsencrypt-prod',
    })
    expect(settingOf(plan, 'grafana', 'grafana.ini.server')).toEqual({
      root_url: 'https://grafana.example.com',
    })
    expect(plan.exposed).toContainEqual({component: 'grafana', host: 'grafana.example.com'})
  })

  it('without a domain, exposes nothing', () => {
    const plan = grafana()
    expect(settingOf(plan, 'grafana', 'ingress.enabled')).toBeUndefined()
    expect(settingOf(plan, 'grafana', 'grafana.ini.server')).toBeUndefined()
  })

  it('with kube-prometheus-stack, turns on its ServiceMonitor; with standalone Prometheus, annotations', () => {
    expect(settingOf(grafana({metrics: 'kube-prometheus-stack'}), 'grafana', 'serviceMonitor.enabled')).toBe(
      true,
    )
    const standalone = grafana({metrics: 'prometheus'})
    expect(settingOf(standalone, 'grafana', 'serviceMonitor.enabled')).toBeUndefined()
    expect(settingOf(standalone, 'grafana', 'podAnnotations')).toEqual({
      'prometheus.io/scrape': 'true',
      'prometheus.io/port': '3000',
      'prometheus.io/path': '/metrics',
    })
  })

  it('warns when the stack gives it nothing to show', () => {
    expect(componentWarnings({metrics: 'none', logging: 'none', logStore: 'none'}).join('\n')).toMatch(
      /no datasource/,
    )
    expect(componentWarnings({metrics: 'none', logStore: 'loki'})).toEqual([])
  })

  it('says the chart moved to grafana-community', () => {
    const component = grafana().components.find((entry) => entry.id === 'grafana')!
    expect(component.lifecycle.status).toBe('moved')
    expect(component.lifecycle.note).toMatch(/grafana-community/)
  })
})
