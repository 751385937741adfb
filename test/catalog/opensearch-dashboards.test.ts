import {describe, expect, it} from 'vitest'
import type {AnswersInput} from '../../src/answers/schema.js'
import {UserError} from '../../src/errors.js'
import {chartOf, planFor, problemsOf, settingOf} from '../support/plans.js'

const dashboards = (input: AnswersInput = {}) =>
  planFor({preset: 'standard', logStore: 'opensearch', dashboards: ['opensearch-dashboards'], ...input})

describe('opensearch-dashboards', () => {
  it('is chosen by --dashboards opensearch-dashboards, in the platform layer', () => {
    expect(chartOf(dashboards(), 'opensearch-dashboards').layer).toBe('platform')
  })

  it('connects to the fixed OpenSearch Service by its fully qualified name', () => {
    const plan = dashboards()
    expect(settingOf(plan, 'opensearch-dashboards', 'opensearchHosts')).toBe(
      'https://opensearch-cluster-master.platform.svc:9200',
    )
    expect(settingOf(plan, 'opensearch', 'clusterName')).toBe('opensearch-cluster')
    expect(settingOf(plan, 'opensearch', 'nodeGroup')).toBe('master')
  })

  it('signs in with an account from a prerequisite Secret, not the demo kibanaserver password', () => {
    const plan = dashboards()
    expect(settingOf(plan, 'opensearch-dashboards', 'opensearchAccount.secret')).toBe(
      'opensearch-dashboards-account',
    )
    expect(plan.prerequisites).toContainEqual(
      expect.objectContaining({
        namespace: 'platform',
        name: 'opensearch-dashboards-account',
        keys: ['username', 'password', 'cookie'],
      }),
    )
  })

  it('needs OpenSearch, and the error names the fix', () => {
    const input: AnswersInput = {preset: 'standard', logStore: 'loki', dashboards: ['opensearch-dashboards']}
    expect(() => planFor(input)).toThrow(UserError)
    const problem = problemsOf(input).find((entry) => entry.message.startsWith('OpenSearch Dashboards'))
    expect(problem?.message).toContain('needs OpenSearch')
    expect(problem?.hint).toBe('--log-store opensearch')
  })

  it('with a domain, is exposed through the ingress with TLS from cert-manager', () => {
    const plan = dashboards({domain: 'example.com', ingress: 'traefik'})
    const host = 'opensearch-dashboards.example.com'
    expect(settingOf(plan, 'opensearch-dashboards', 'ingress.enabled')).toBe(true)
    expect(settingOf(plan, 'opensearch-dashboards', 'ingress.ingressClassName')).toBe('traefik')
    expect(settingOf(plan, 'opensearch-dashboards', 'ingress.annotations')).toEqual({
      'cert-manager.io/cluster-issuer': 'letsencrypt-prod',
    })
    expect(settingOf(plan, 'opensearch-dashboards', 'ingress.hosts')).toEqual([
      {host, paths: [{path: '/', backend: {serviceName: '', servicePort: ''}}]},
    ])
    expect(settingOf(plan, 'opensearch-dashboards', 'ingress.tls')).toEqual([
      {secretName: 'opensearch-dashboards-tls', hosts: [host]},
    ])
    expect(plan.exposed).toContainEqual({component: 'opensearch-dashboards', host})
  })

  it('without a domain, exposes nothing', () => {
    const plan = dashboards()
    expect(settingOf(plan, 'opensearch-dashboards', 'ingress.enabled')).toBeUndefined()
    expect(plan.exposed).toEqual([])
  })
})
