import {describe, expect, it} from 'vitest'
import type {AnswersInput} from '../../src/answers/schema.js'
import {fluentBitOutputs} from '../../src/catalog/components/fluent-bit.js'
import {UserError} from '../../src/errors.js'
import {chartOf, planFor, problemsOf, settingOf} from '../support/plans.js'

const fluentBit = (input: AnswersInput = {}) => planFor({preset: 'standard', logging: 'fluent-bit', ...input})
const outputsOf = (input: AnswersInput) =>
  settingOf(fluentBit(input), 'fluent-bit', 'config.outputs') as string

describe('fluent-bit', () => {
  it('is chosen by --logging fluent-bit, in the platform layer, whose namespace admits its hostPath volumes', () => {
    const plan = fluentBit()
    expect(chartOf(plan, 'fluent-bit').layer).toBe('platform')
    expect(plan.layers.find((layer) => layer.id === 'platform')?.podSecurity).toBe('privileged')
    expect(settingOf(plan, 'fluent-bit', 'fullnameOverride')).toBe('fluent-bit')
  })

  it('never keeps the chart default host elasticsearch-master', () => {
    for (const logStore of ['loki', 'elasticsearch', 'opensearch'] as const) {
      const outputs = outputsOf({logStore})
      expect(outputs).not.toContain('elasticsearch-master')
      // Both inputs (containers and the kubelet journal) have an output.
      expect(outputs).toMatch(/Match +kube\.\*\n/)
      expect(outputs).toMatch(/Match +host\.\*\n/)
    }
  })

  it('ships to Loki through the gateway with the stack name as tenant and no password', () => {
    const plan = fluentBit({logStore: 'loki', name: 'shop'})
    const outputs = settingOf(plan, 'fluent-bit', 'config.outputs') as string
    expect(outputs).toMatch(/Name +loki\n/)
    expect(outputs).toMatch(/Host +loki-gateway\.platform\.svc\n/)
    expect(outputs).toMatch(/Tenant_ID +shop\n/)
    expect(outputs).not.toMatch(/HTTP_Passwd/)
    expect(settingOf(plan, 'fluent-bit', 'env')).toBeUndefined()
    expect(plan.wiring).toContainEqual({from: 'fluent-bit', to: 'loki', what: 'log output'})
  })

  it('ships to ECK Elasticsearch over TLS as elastic, with the password from its Secret via env', () => {
    const plan = fluentBit({logStore: 'elasticsearch'})
    const outputs = settingOf(plan, 'fluent-bit', 'config.outputs') as string
    expect(outputs).toMatch(/Name +es\n/)
    expect(outputs).toMatch(/Host +elasticsearch-es-http\.platform\.svc\n/)
    expect(outputs).toMatch(/Port +9200\n/)
    expect(outputs).toMatch(/HTTP_User +elastic\n/)
    expect(outputs).toMatch(/HTTP_Passwd +\$\{ELASTICSEARCH_PASSWORD\}\n/)
    expect(outputs).toMatch(/tls +On\n/)
    expect(outputs).toMatch(/Suppress_Type_Name +On\n/)
    expect(settingOf(plan, 'fluent-bit', 'env')).toEqual([
      {
        name: 'ELASTICSEARCH_PASSWORD',
        valueFrom: {secretKeyRef: {name: 'elasticsearch-es-elastic-user', key: 'elastic'}},
      },
    ])
  })

  it('ships to OpenSearch with the opensearch plugin and the admin password Secret', () => {
    const plan = fluentBit({logStore: 'opensearch'})
    const outputs = settingOf(plan, 'fluent-bit', 'config.outputs') as string
    expect(outputs).toMatch(/Name +opensearch\n/)
    expect(outputs).toMatch(/HTTP_Passwd +\$\{OPENSEARCH_PASSWORD\}\n/)
    expect(settingOf(plan, 'fluent-bit', 'env')).toEqual([
      {name: 'OPENSEARCH_PASSWORD', valueFrom: {secretKeyRef: {name: 'opensearch-admin', key: 'password'}}},
    ])
  })

  it('writes one [OUTPUT] section per input, separated by a blank line', () => {
    const text = fluentBitOutputs({
      kind: 'loki',
      host: 'loki-gateway.ns.svc',
      port: 80,
      tls: false,
      tenant: 't',
    })
    const sections = text.trim().split('\n\n')
    expect(sections).toHaveLength(2)
    for (const section of sections) expect(section.startsWith('[OUTPUT]\n')).toBe(true)
  })

  it('needs a log store, and the error names the fix', () => {
    const input: AnswersInput = {preset: 'standard', logging: 'fluent-bit', logStore: 'none', dashboards: []}
    expect(() => planFor(input)).toThrow(UserError)
    const problem = problemsOf(input).find((entry) => entry.message.startsWith('Fluent Bit'))
    expect(problem?.source).toBe('--logging')
    expect(problem?.message).toMatch(/Loki, Elasticsearch \(ECK\) or OpenSearch/)
    expect(problem?.hint).toBe('--log-store loki')
  })

  it('with kube-prometheus-stack, turns on its ServiceMonitor', () => {
    const plan = fluentBit({metrics: 'kube-prometheus-stack'})
    expect(settingOf(plan, 'fluent-bit', 'serviceMonitor.enabled')).toBe(true)
    expect(settingOf(plan, 'fluent-bit', 'service.annotations')).toBeUndefined()
  })

  it('with standalone Prometheus, annotates its Service for scraping instead', () => {
    const plan = fluentBit({metrics: 'prometheus'})
    expect(settingOf(plan, 'fluent-bit', 'serviceMonitor.enabled')).toBeUndefined()
    expect(settingOf(plan, 'fluent-bit', 'service.annotations')).toEqual({
      'prometheus.io/scrape': 'true',
      'prometheus.io/port': '2020',
      'prometheus.io/path': '/api/v2/metrics/prometheus',
    })
  })

  it('ships its dashboard only when Grafana is in the stack', () => {
    expect(settingOf(fluentBit({dashboards: ['grafana']}), 'fluent-bit', 'dashboards.enabled')).toBe(true)
    expect(settingOf(fluentBit({dashboards: []}), 'fluent-bit', 'dashboards.enabled')).toBeUndefined()
  })
})
