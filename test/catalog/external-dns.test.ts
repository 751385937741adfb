import {describe, expect, it} from 'vitest'
import type {AnswersInput} from '../../src/answers/schema.js'
import {planFor, problemsOf, settingOf} from '../support/plans.js'

const withDns = (input: AnswersInput = {}) =>
  planFor({preset: 'minimal', domain: 'example.com', dnsProvider: 'cloudflare', ...input})

describe('external-dns', () => {
  it('is chosen by --dns-provider and manages only the stack domain, owned by the stack name', () => {
    const plan = withDns({name: 'prod-eu'})
    expect(plan.components.map((component) => component.id)).toContain('external-dns')
    expect(settingOf(plan, 'external-dns', 'provider.name')).toBe('cloudflare')
    expect(settingOf(plan, 'external-dns', 'txtOwnerId')).toBe('prod-eu')
    expect(settingOf(plan, 'external-dns', 'domainFilters')).toEqual(['example.com'])
    expect(settingOf(plan, 'external-dns', 'sources')).toEqual(['ingress'])
  })

  it('sets policy explicitly to upsert-only (the next chart makes it required)', () => {
    expect(settingOf(withDns(), 'external-dns', 'policy')).toBe('upsert-only')
  })

  it('is absent without a provider, and with provider none', () => {
    expect(planFor({preset: 'minimal', domain: 'example.com'}).components.map((c) => c.id)).not.toContain(
      'external-dns',
    )
    expect(withDns({dnsProvider: 'none'}).components.map((c) => c.id)).not.toContain('external-dns')
  })

  it('reads credentials only from the named Secret, listed before install with the keys each provider needs', () => {
    const cases: Array<[string, string[]]> = [
      ['aws', ['access-key-id', 'secret-access-key']],
      ['google', ['credentials.json']],
      ['azure', ['azure.json']],
      ['cloudflare', ['api-token']],
      ['rfc2136', ['tsig-keyname', 'tsig-secret']],
    ]
    for (const [provider, keys] of cases) {
      const plan = withDns({dnsProvider: provider, dnsCredentialsSecret: 'dns-creds'})
      const secret = plan.prerequisites.find((entry) => entry.name === 'dns-creds')
      expect(secret, provider).toMatchObject({namespace: 'platform', keys})
      const text = JSON.stringify(
        plan.layers.flatMap((layer) => layer.charts.filter((c) => c.alias === 'external-dns')),
      )
      expect(text).toContain('dns-creds')
    }
    const env = settingOf(withDns({dnsCredentialsSecret: 'dns-creds'}), 'external-dns', 'env')
    expect(env).toEqual([
      {name: 'CF_API_TOKEN', valueFrom: {secretKeyRef: {name: 'dns-creds', key: 'api-token'}}},
    ])
  })

  it('needs a domain: a provider without one is refused with the fix', () => {
    const problems = problemsOf({preset: 'minimal', dnsProvider: 'aws'})
    expect(problems).toContainEqual({
      source: '--dns-provider',
      message:
        'ExternalDNS needs --domain: it manages the records of the UIs under the domain, and there is none',
      hint: 'pass --domain, or --dns-provider none',
    })
  })

  it('is scraped through a ServiceMonitor only with kube-prometheus-stack', () => {
    expect(
      settingOf(withDns({metrics: 'kube-prometheus-stack'}), 'external-dns', 'serviceMonitor.enabled'),
    ).toBe(true)
    expect(
      settingOf(withDns({metrics: 'prometheus'}), 'external-dns', 'serviceMonitor.enabled'),
    ).toBeUndefined()
  })
})
