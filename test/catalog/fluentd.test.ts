import {describe, expect, it} from 'vitest'
import type {AnswersInput} from '../../src/answers/schema.js'
import {chartOf, planFor, problemsOf, settingOf} from '../support/plans.js'

const fluentd = (input: AnswersInput = {}) => planFor({preset: 'standard', logging: 'fluentd', ...input})
const OUTPUTS = 'fileConfigs.04_outputs.conf'
const componentWarnings = (input: AnswersInput) =>
  fluentd(input)
    .warnings.filter((entry) => entry.component === 'fluentd')
    .map((entry) => entry.message)

describe('fluentd', () => {
  it('is chosen by --logging fluentd, in the platform layer, whose namespace admits its hostPath volumes', () => {
    const plan = fluentd()
    expect(chartOf(plan, 'fluentd').layer).toBe('platform')
    expect(plan.layers.find((layer) => layer.id === 'platform')?.podSecurity).toBe('privileged')
    expect(settingOf(plan, 'fluentd', 'fullnameOverride')).toBe('fluentd')
  })

  it('sets the literal 04_outputs.conf key, never the chart default elasticsearch-master/changeme', () => {
    const setting = chartOf(fluentd(), 'fluentd').settings.find((entry) => entry.path[0] === 'fileConfigs')
    expect(setting?.path).toEqual(['fileConfigs', '04_outputs.conf'])
    for (const logStore of ['loki', 'elasticsearch', 'opensearch'] as const) {
      const conf = settingOf(fluentd({logStore}), 'fluentd', OUTPUTS) as string
      expect(conf).not.toContain('elasticsearch-master')
      expect(conf).not.toContain('changeme')
      expect(conf.startsWith('<label @OUTPUT>\n  <match **>\n')).toBe(true)
      expect(conf.endsWith('  </match>\n</label>')).toBe(true)
    }
  })

  it('ships to Loki with the Loki plugin, the gateway URL and the stack name as tenant', () => {
    const plan = fluentd({logStore: 'loki', name: 'shop'})
    const conf = settingOf(plan, 'fluentd', OUTPUTS) as string
    expect(conf).toContain('@type loki\n')
    expect(conf).toContain('url "http://loki-gateway.platform.svc:80"\n')
    expect(conf).toContain('tenant shop\n')
    expect(settingOf(plan, 'fluentd', 'plugins')).toEqual(['fluent-plugin-grafana-loki'])
    expect(settingOf(plan, 'fluentd', 'variant')).toBeUndefined()
    expect(componentWarnings({logStore: 'loki'}).join('\n')).toMatch(/rubygems\.org/)
  })

  it('ships to ECK Elasticsearch with the elasticsearch8 image, over HTTPS, password from the Secret', () => {
    const plan = fluentd({logStore: 'elasticsearch'})
    const conf = settingOf(plan, 'fluentd', OUTPUTS) as string
    expect(settingOf(plan, 'fluentd', 'variant')).toBe('elasticsearch8')
    expect(conf).toContain('@type elasticsearch\n')
    expect(conf).toContain('host elasticsearch-es-http.platform.svc\n')
    expect(conf).toContain('scheme https\n')
    expect(conf).toContain('user elastic\n')
    expect(conf).toContain(`password "#{ENV['ELASTICSEARCH_PASSWORD']}"\n`)
    expect(conf).toContain('suppress_type_name true\n')
    expect(settingOf(plan, 'fluentd', 'env')).toEqual([
      {
        name: 'ELASTICSEARCH_PASSWORD',
        valueFrom: {secretKeyRef: {name: 'elasticsearch-es-elastic-user', key: 'elastic'}},
      },
    ])
    expect(settingOf(plan, 'fluentd', 'plugins')).toBeUndefined()
    expect(componentWarnings({logStore: 'elasticsearch'})).toEqual([])
  })

  it('ships to OpenSearch with the opensearch image variant and the admin Secret', () => {
    const plan = fluentd({logStore: 'opensearch'})
    const conf = settingOf(plan, 'fluentd', OUTPUTS) as string
    expect(settingOf(plan, 'fluentd', 'variant')).toBe('opensearch')
    expect(conf).toContain('@type opensearch\n')
    expect(conf).toContain('host opensearch-cluster-master.platform.svc\n')
    expect(conf).toContain(`password "#{ENV['OPENSEARCH_PASSWORD']}"\n`)
  })

  it('needs a log store, and the error names the fix', () => {
    const input: AnswersInput = {preset: 'standard', logging: 'fluentd', logStore: 'none', dashboards: []}
    const problem = problemsOf(input).find((entry) => entry.message.startsWith('Fluentd'))
    expect(problem?.source).toBe('--logging')
    expect(problem?.hint).toBe('--log-store loki')
  })

  it('with kube-prometheus-stack, turns on its ServiceMonitor', () => {
    const plan = fluentd({metrics: 'kube-prometheus-stack'})
    expect(settingOf(plan, 'fluentd', 'metrics.serviceMonitor.enabled')).toBe(true)
    expect(settingOf(plan, 'fluentd', 'podAnnotations')).toBeUndefined()
  })

  it('with standalone Prometheus, annotates its pods for scraping instead', () => {
    const plan = fluentd({metrics: 'prometheus'})
    expect(settingOf(plan, 'fluentd', 'metrics.serviceMonitor.enabled')).toBeUndefined()
    expect(settingOf(plan, 'fluentd', 'podAnnotations')).toEqual({
      'prometheus.io/scrape': 'true',
      'prometheus.io/port': '24231',
      'prometheus.io/path': '/metrics',
    })
  })

  it('turns its (default-on) dashboard ConfigMaps off when there is no Grafana', () => {
    expect(settingOf(fluentd({dashboards: []}), 'fluentd', 'dashboards.enabled')).toBe(false)
    expect(settingOf(fluentd({dashboards: ['grafana']}), 'fluentd', 'dashboards.enabled')).toBeUndefined()
  })
})
