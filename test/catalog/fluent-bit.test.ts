import {describe, expect, it} from 'vitest'
import type {AnswersInput} from '../../src/answers/schema.js'
import {fluentBitConfig} from '../../src/catalog/components/fluent-bit.js'
import {UserError} from '../../src/errors.js'
import {chartOf, fluentBitYaml, planFor, problemsOf, settingOf} from '../support/plans.js'

const fluentBit = (input: AnswersInput = {}) => planFor({preset: 'standard', logging: 'fluent-bit', ...input})
const outputsOf = (input: AnswersInput) => fluentBitYaml(fluentBit(input)).pipeline.outputs

describe('fluent-bit', () => {
  it('is chosen by --logging fluent-bit, in the platform layer, whose namespace admits its hostPath volumes', () => {
    const plan = fluentBit()
    expect(chartOf(plan, 'fluent-bit').layer).toBe('platform')
    expect(plan.layers.find((layer) => layer.id === 'platform')?.podSecurity).toBe('privileged')
    expect(settingOf(plan, 'fluent-bit', 'fullnameOverride')).toBe('fluent-bit')
  })

  it('configures Fluent Bit in its YAML format, leaving the classic fluent-bit.conf empty', () => {
    const plan = fluentBit()
    expect(settingOf(plan, 'fluent-bit', 'args')).toEqual([
      '--workdir=/fluent-bit/etc',
      '--config=/fluent-bit/etc/conf/fluent-bit.yaml',
    ])
    for (const section of ['service', 'inputs', 'filters', 'outputs'])
      expect(settingOf(plan, 'fluent-bit', `config.${section}`)).toBe('')
    const config = fluentBitYaml(plan)
    // The chart's probes and metrics Service reach Fluent Bit's HTTP server on its metricsPort.
    expect(config.service).toMatchObject({http_server: 'on', http_port: 2020, health_check: 'on'})
    expect(config.pipeline.inputs.map((input) => [input.name, input.tag])).toEqual([
      ['tail', 'kube.*'],
      ['systemd', 'host.*'],
    ])
    expect(config.pipeline.filters).toEqual([
      expect.objectContaining({name: 'kubernetes', match: 'kube.*', merge_log: 'on'}),
    ])
  })

  it('never keeps the chart default host elasticsearch-master, and has an output for each input', () => {
    for (const logStore of ['loki', 'elasticsearch', 'opensearch'] as const) {
      const outputs = outputsOf({logStore})
      expect(JSON.stringify(outputs)).not.toContain('elasticsearch-master')
      expect(outputs.map((output) => output.match)).toEqual(['kube.*', 'host.*'])
    }
  })

  it('ships to Loki through the gateway with the stack name as tenant and no password', () => {
    const plan = fluentBit({logStore: 'loki', name: 'shop'})
    const [containers, journal] = fluentBitYaml(plan).pipeline.outputs
    expect(containers).toMatchObject({
      name: 'loki',
      host: 'loki-gateway.platform.svc',
      port: 80,
      tenant_id: 'shop',
    })
    expect(containers?.labels).toBe(
      "job=fluent-bit, namespace=$kubernetes['namespace_name'], pod=$kubernetes['pod_name'], " +
        "container=$kubernetes['container_name']",
    )
    expect(journal).toMatchObject({name: 'loki', labels: 'job=fluent-bit, source=journal'})
    expect(containers).not.toHaveProperty('http_passwd')
    expect(settingOf(plan, 'fluent-bit', 'env')).toBeUndefined()
    expect(plan.wiring).toContainEqual({from: 'fluent-bit', to: 'loki', what: 'log output'})
  })

  it('ships to ECK Elasticsearch over TLS as elastic, with the password from its Secret via env', () => {
    const plan = fluentBit({logStore: 'elasticsearch'})
    const [containers, journal] = fluentBitYaml(plan).pipeline.outputs
    expect(containers).toMatchObject({
      name: 'es',
      host: 'elasticsearch-es-http.platform.svc',
      port: 9200,
      http_user: 'elastic',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: Fluent Bit expands it from the environment.
      http_passwd: '${ELASTICSEARCH_PASSWORD}',
      tls: 'on',
      suppress_type_name: 'on',
      logstash_prefix: 'logstash',
    })
    expect(journal).toMatchObject({name: 'es', logstash_prefix: 'node'})
    expect(settingOf(plan, 'fluent-bit', 'env')).toEqual([
      {
        name: 'ELASTICSEARCH_PASSWORD',
        valueFrom: {secretKeyRef: {name: 'elasticsearch-es-elastic-user', key: 'elastic'}},
      },
    ])
  })

  it('ships to OpenSearch with the opensearch plugin and the admin password Secret', () => {
    const plan = fluentBit({logStore: 'opensearch'})
    const [containers] = fluentBitYaml(plan).pipeline.outputs
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Fluent Bit expands it from the environment.
    expect(containers).toMatchObject({name: 'opensearch', http_passwd: '${OPENSEARCH_PASSWORD}'})
    expect(settingOf(plan, 'fluent-bit', 'env')).toEqual([
      {name: 'OPENSEARCH_PASSWORD', valueFrom: {secretKeyRef: {name: 'opensearch-admin', key: 'password'}}},
    ])
  })

  it('quotes only the values YAML would otherwise read differently', () => {
    const text = fluentBitConfig({
      kind: 'loki',
      host: 'loki-gateway.ns.svc',
      port: 80,
      tls: false,
      tenant: 't',
    })
    expect(text).toContain('      host: loki-gateway.ns.svc\n')
    expect(text).toContain('      tag: kube.*\n')
    expect(text).toContain('      port: 80\n')
    expect(text).toContain(`      labels: "job=fluent-bit, namespace=$kubernetes['namespace_name'],`)
    expect(text.endsWith('\n')).toBe(true)
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
