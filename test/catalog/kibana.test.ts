import {describe, expect, it} from 'vitest'
import type {AnswersInput} from '../../src/answers/schema.js'
import {UserError} from '../../src/errors.js'
import {chartOf, planFor, problemsOf, settingOf} from '../support/plans.js'

const kibana = (input: AnswersInput = {}) =>
  planFor({preset: 'full', logStore: 'elasticsearch', dashboards: ['kibana'], ...input})

describe('kibana (ECK)', () => {
  it('is chosen by --dashboards kibana and installed as eck-kibana in the platform layer', () => {
    const chart = chartOf(kibana(), 'kibana')
    expect(chart.chart).toBe('eck-kibana')
    expect(chart.layer).toBe('platform')
  })

  it('points at the fixed Elasticsearch resource in its namespace', () => {
    const plan = kibana()
    expect(settingOf(plan, 'kibana', 'elasticsearchRef')).toEqual({
      name: 'elasticsearch',
      namespace: 'platform',
    })
    expect(settingOf(plan, 'elasticsearch', 'fullnameOverride')).toBe('elasticsearch')
    expect(settingOf(plan, 'kibana', 'fullnameOverride')).toBe('kibana')
  })

  it('needs Elasticsearch, and the error names the fix', () => {
    const input: AnswersInput = {preset: 'full', logStore: 'loki', dashboards: ['kibana']}
    expect(() => planFor(input)).toThrow(UserError)
    const problem = problemsOf(input).find((entry) => entry.message.startsWith('Kibana'))
    expect(problem?.source).toBe('--dashboards')
    expect(problem?.message).toContain('Elasticsearch')
    expect(problem?.hint).toBe('--log-store elasticsearch')
  })

  it('with a domain, is exposed at kibana.<domain> through the ingress with TLS from cert-manager', () => {
    const plan = kibana({domain: 'example.com', ingress: 'traefik', tlsIssuer: 'letsencrypt-staging'})
    expect(settingOf(plan, 'kibana', 'ingress.enabled')).toBe(true)
    expect(settingOf(plan, 'kibana', 'ingress.className')).toBe('traefik')
    expect(settingOf(plan, 'kibana', 'ingress.hosts')).toEqual([{host: 'kibana.example.com', path: '/'}])
    expect(settingOf(plan, 'kibana', 'ingress.tls.enabled')).toBe(true)
    expect(settingOf(plan, 'kibana', 'ingress.tls.secretName')).toBe('kibana-tls')
    expect(settingOf(plan, 'kibana', 'ingress.annotations')).toEqual({
      'cert-manager.io/cluster-issuer': 'letsencrypt-staging',
    })
    expect(settingOf(plan, 'kibana', 'config.server.publicBaseUrl')).toBe('https://kibana.example.com')
    // The ingress terminates TLS; Kibana's backend speaks plain HTTP inside the cluster.
    expect(settingOf(plan, 'kibana', 'http')).toEqual({tls: {selfSignedCertificate: {disabled: true}}})
    expect(plan.exposed).toContainEqual({component: 'kibana', host: 'kibana.example.com'})
  })

  it('without a domain, exposes nothing and keeps ECK TLS on the Kibana Service', () => {
    const plan = kibana({domain: undefined})
    expect(settingOf(plan, 'kibana', 'ingress.enabled')).toBeUndefined()
    expect(settingOf(plan, 'kibana', 'http')).toBeUndefined()
    expect(plan.exposed.filter((entry) => entry.component === 'kibana')).toEqual([])
  })
})
