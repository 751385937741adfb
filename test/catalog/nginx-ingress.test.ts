import {Ajv2019} from 'ajv/dist/2019.js'
import {describe, expect, it} from 'vitest'
import type {AnswersInput} from '../../src/answers/schema.js'
import {CATALOG, findComponent} from '../../src/catalog/index.js'
import {chartValues} from '../../src/render/values-tree.js'
import {coalesced} from '../support/conformance.js'
import {chartOf, planFor, settingOf} from '../support/plans.js'
import {describeWithShared, upstreamSchema} from '../support/shared.js'

const f5 = (input: AnswersInput = {}) => planFor({preset: 'minimal', ingress: 'nginx-ingress', ...input})

describe('nginx-ingress (F5)', () => {
  it('is chosen by --ingress nginx-ingress, in the platform layer', () => {
    expect(chartOf(f5(), 'nginx-ingress').layer).toBe('platform')
  })

  it("creates IngressClass 'nginx' and makes it the default", () => {
    const plan = f5()
    expect(settingOf(plan, 'nginx-ingress', 'controller.ingressClass.name')).toBe('nginx')
    expect(settingOf(plan, 'nginx-ingress', 'controller.ingressClass.setAsDefaultIngress')).toBe(true)
  })

  it('runs two controllers behind a PodDisruptionBudget', () => {
    const plan = f5()
    expect(settingOf(plan, 'nginx-ingress', 'controller.replicaCount')).toBe(2)
    expect(settingOf(plan, 'nginx-ingress', 'controller.podDisruptionBudget.enabled')).toBe(true)
    expect(settingOf(plan, 'nginx-ingress', 'controller.podDisruptionBudget.minAvailable')).toBe(1)
  })

  it('with kube-prometheus-stack creates the metrics Service its ServiceMonitor selects', () => {
    const plan = f5({metrics: 'kube-prometheus-stack'})
    expect(settingOf(plan, 'nginx-ingress', 'prometheus.service.create')).toBe(true)
    expect(settingOf(plan, 'nginx-ingress', 'prometheus.serviceMonitor.create')).toBe(true)
  })

  it("with standalone Prometheus relies on the chart's pod annotations: no ServiceMonitor", () => {
    const plan = f5({metrics: 'prometheus'})
    expect(settingOf(plan, 'nginx-ingress', 'prometheus.serviceMonitor.create')).toBeUndefined()
    expect(plan.wiring).toContainEqual({from: 'nginx-ingress', to: 'prometheus', what: 'metrics scraped'})
  })

  it('declares the IngressClass conflict with ingress-nginx from both sides', () => {
    expect(findComponent(CATALOG, 'nginx-ingress')?.conflicts?.map((conflict) => conflict.with)).toEqual([
      'ingress-nginx',
    ])
    expect(findComponent(CATALOG, 'ingress-nginx')?.conflicts?.map((conflict) => conflict.with)).toEqual([
      'nginx-ingress',
    ])
  })

  it('warns that its LoadBalancer Service needs a provider on bare metal', () => {
    const messages = f5({cluster: 'generic'})
      .warnings.filter((entry) => entry.component === 'nginx-ingress')
      .map((entry) => entry.message)
    expect(messages.join('\n')).toContain('values.nginx-ingress.controller.service.type')
    const gke = f5({cluster: 'gke'}).warnings.filter((entry) => entry.component === 'nginx-ingress')
    expect(gke.map((entry) => entry.message).join('\n')).not.toContain('LoadBalancer')
  })

  it('warns that Helm downloads its schema definitions, and how to run offline', () => {
    const messages = f5({cluster: 'eks'})
      .warnings.filter((entry) => entry.component === 'nginx-ingress')
      .map((entry) => entry.message)
    expect(messages).toHaveLength(1)
    expect(messages[0]).toContain('raw.githubusercontent.com')
    expect(messages[0]).toContain('--skip-schema-validation')
  })
})

/** The chart's schema points at Kubernetes definitions on the web; offline, those parts accept anything. */
function withoutRemoteRefs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutRemoteRefs)
  if (typeof node !== 'object' || node === null) return node
  const entries = Object.entries(node).filter(
    ([key, value]) => !(key === '$ref' && /^https?:/.test(String(value))),
  )
  return Object.fromEntries(entries.map(([key, value]) => [key, withoutRemoteRefs(value)]))
}

describeWithShared('nginx-ingress values against its upstream values.schema.json', () => {
  it('passes the schema with every metrics choice', () => {
    const {$schema: _draft, ...schema} = withoutRemoteRefs(upstreamSchema('nginx-ingress')) as Record<
      string,
      unknown
    >
    const validate = new Ajv2019({strict: false, allErrors: true, validateFormats: false}).compile(schema)
    for (const metrics of ['kube-prometheus-stack', 'prometheus', 'none'] as const) {
      const values = coalesced('nginx-ingress', chartValues(chartOf(f5({metrics}), 'nginx-ingress')))
      validate(values)
      expect(validate.errors ?? [], metrics).toEqual([])
    }
    // The schema is live: a wrong type is caught.
    expect(validate(coalesced('nginx-ingress', {controller: {replicaCount: 'two'}}))).toBe(false)
  })
})
