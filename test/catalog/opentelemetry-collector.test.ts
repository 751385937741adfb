import {describe, expect, it} from 'vitest'
import type {AnswersInput} from '../../src/answers/schema.js'
import {chartOf, planFor, settingOf} from '../support/plans.js'

const ALIAS = 'opentelemetry-collector'
const collector = (input: AnswersInput = {}) =>
  planFor({preset: 'standard', logging: 'opentelemetry-collector', ...input})
type Config = {
  extensions: Record<string, {client_auth?: {username: string; password: string}}>
  exporters: Record<string, Record<string, unknown>>
  service: {extensions: string[]; pipelines: Record<string, {exporters: string[]}>}
}
const configOf = (input: AnswersInput) => settingOf(collector(input), ALIAS, 'alternateConfig') as Config

describe('opentelemetry-collector', () => {
  it('runs the contrib collector as a DaemonSet reading pod log files, with Kubernetes attributes', () => {
    const plan = collector()
    expect(chartOf(plan, ALIAS).layer).toBe('platform')
    expect(plan.layers.find((layer) => layer.id === 'platform')?.podSecurity).toBe('privileged')
    expect(settingOf(plan, ALIAS, 'mode')).toBe('daemonset')
    expect(settingOf(plan, ALIAS, 'image.repository')).toMatch(/opentelemetry-collector-contrib$/)
    expect(settingOf(plan, ALIAS, 'command.name')).toBe('otelcol-contrib')
    expect(settingOf(plan, ALIAS, 'presets.logsCollection.enabled')).toBe(true)
    expect(settingOf(plan, ALIAS, 'presets.kubernetesAttributes.enabled')).toBe(true)
  })

  it('has one logs pipeline and opens no receiver port on the nodes', () => {
    const config = configOf({logStore: 'loki'})
    expect(Object.keys(config.service.pipelines)).toEqual(['logs'])
    for (const port of ['otlp', 'otlp-http', 'jaeger-compact', 'jaeger-thrift', 'jaeger-grpc', 'zipkin'])
      expect(settingOf(collector(), ALIAS, `ports.${port}.enabled`), port).toBe(false)
    // Every exporter and extension the service names is configured.
    for (const name of config.service.pipelines.logs!.exporters) expect(config.exporters[name]).toBeDefined()
    for (const name of config.service.extensions) expect(config.extensions[name]).toBeDefined()
  })

  it("exports to Loki's OTLP endpoint with the stack's tenant and no credentials", () => {
    const config = configOf({logStore: 'loki', name: 'shop'})
    expect(config.exporters['otlphttp/loki']).toEqual({
      endpoint: 'http://loki-gateway.platform.svc:80/otlp',
      headers: {'X-Scope-OrgID': 'shop'},
    })
    expect(config.extensions['basicauth/store']).toBeUndefined()
    expect(settingOf(collector({logStore: 'loki'}), ALIAS, 'extraEnvs')).toBeUndefined()
  })

  it('exports to ECK Elasticsearch as elastic over verified TLS, into daily logstash indices', () => {
    const plan = collector({logStore: 'elasticsearch'})
    const config = settingOf(plan, ALIAS, 'alternateConfig') as Config
    const exporter = config.exporters.elasticsearch!
    expect(exporter.endpoints).toEqual(['https://elasticsearch-es-http.platform.svc:9200'])
    expect(exporter.tls).toEqual({ca_file: '/etc/otelcol/store-ca/ca.crt'})
    expect(exporter.logs_index).toBe('logstash')
    expect(exporter.logstash_format).toEqual({enabled: true})
    expect(config.extensions['basicauth/store']?.client_auth).toEqual({
      username: 'elastic',
      password: `\${env:ELASTICSEARCH_PASSWORD}`,
    })
    expect(settingOf(plan, ALIAS, 'extraEnvs')).toEqual([
      {
        name: 'ELASTICSEARCH_PASSWORD',
        valueFrom: {secretKeyRef: {name: 'elasticsearch-es-elastic-user', key: 'elastic'}},
      },
    ])
    expect(settingOf(plan, ALIAS, 'extraVolumeMounts')).toEqual([
      {name: 'store-ca', mountPath: '/etc/otelcol/store-ca', readOnly: true},
    ])
  })

  it('exports to OpenSearch with the admin Secret, and warns that its exporter is unmaintained', () => {
    const plan = collector({logStore: 'opensearch', dashboards: ['opensearch-dashboards']})
    const exporter = (settingOf(plan, ALIAS, 'alternateConfig') as Config).exporters.opensearch!
    expect(exporter.http).toMatchObject({
      endpoint: 'https://opensearch-cluster-master.platform.svc:9200',
      auth: {authenticator: 'basicauth/store'},
    })
    expect(exporter.logs_index).toBe('logstash')
    expect(
      plan.warnings.some((warning) => /OpenSearch exporter is marked unmaintained/.test(warning.message)),
    ).toBe(true)
    expect(
      collector({logStore: 'loki'})
        .warnings.map((warning) => warning.message)
        .join('\n'),
    ).not.toMatch(/unmaintained/)
  })

  it('is scraped by a PodMonitor or by pod annotations, on its metrics port', () => {
    const operator = collector()
    expect(settingOf(operator, ALIAS, 'ports.metrics.enabled')).toBe(true)
    expect(settingOf(operator, ALIAS, 'podMonitor.enabled')).toBe(true)
    const annotated = collector({metrics: 'prometheus'})
    expect(settingOf(annotated, ALIAS, 'podMonitor.enabled')).toBeUndefined()
    expect(settingOf(annotated, ALIAS, 'podAnnotations')).toMatchObject({'prometheus.io/port': '8888'})
  })

  it('pulls its image from the mirror', () => {
    const plan = collector({registry: 'registry.example.com'})
    expect(settingOf(plan, ALIAS, 'image.repository')).toBe(
      'registry.example.com/open-telemetry/opentelemetry-collector-releases/opentelemetry-collector-contrib',
    )
  })
})
