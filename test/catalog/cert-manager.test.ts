import {describe, expect, it} from 'vitest'
import type {AnswersInput} from '../../src/answers/schema.js'
import {chartValues} from '../../src/render/values-tree.js'
import {classifyPath, coalesced, upstreamSchemaErrors} from '../support/conformance.js'
import {chartOf, planFor, settingOf} from '../support/plans.js'
import {describeWithShared} from '../support/shared.js'

const withDomain = (input: AnswersInput = {}) => planFor({preset: 'minimal', domain: 'example.com', ...input})
const ids = (input: AnswersInput) => planFor(input).components.map((component) => component.id)
const warningsOf = (input: AnswersInput) =>
  planFor(input)
    .warnings.filter((warning) => warning.component === 'cert-manager')
    .map((warning) => warning.message)

describe('cert-manager', () => {
  it('is not installed when nothing needs certificates', () => {
    expect(ids({preset: 'minimal'})).not.toContain('cert-manager')
    expect(ids({preset: 'full', mesh: 'istio'})).not.toContain('cert-manager')
  })

  it('is added for TLS on UIs when a domain and an ingress controller are chosen, with the reason', () => {
    const component = withDomain().components.find((entry) => entry.id === 'cert-manager')
    expect(component?.reason).toEqual({kind: 'added', text: 'added for TLS on UIs under example.com'})
  })

  it("is added for Linkerd's identity certificates even without a domain", () => {
    const component = planFor({preset: 'minimal', mesh: 'linkerd'}).components.find(
      (entry) => entry.id === 'cert-manager',
    )
    expect(component?.reason).toEqual({
      kind: 'added',
      text: "added because Linkerd's identity certificates come from cert-manager",
    })
  })

  it('is never added with --no-cert-manager (the cluster already runs it)', () => {
    expect(ids({preset: 'minimal', domain: 'example.com', certManager: false})).not.toContain('cert-manager')
    expect(ids({preset: 'minimal', mesh: 'linkerd', certManager: false})).not.toContain('cert-manager')
  })

  it('is its own release in the cert-manager layer and namespace, before mesh and platform', () => {
    const plan = withDomain()
    expect(chartOf(plan, 'cert-manager').layer).toBe('cert-manager')
    const layers = plan.layers.map((layer) => layer.id)
    expect(plan.layers.find((layer) => layer.id === 'cert-manager')?.namespace).toBe('cert-manager')
    expect(layers.indexOf('cert-manager')).toBeLessThan(layers.indexOf('platform'))
  })

  it('installs its CRDs as templates and keeps them on uninstall', () => {
    const plan = withDomain()
    expect(settingOf(plan, 'cert-manager', 'crds.enabled')).toBe(true)
    expect(settingOf(plan, 'cert-manager', 'crds.keep')).toBe(true)
    expect(settingOf(plan, 'cert-manager', 'installCRDs')).toBeUndefined()
  })

  it('runs two replicas of controller, webhook and CA injector, each behind a PodDisruptionBudget', () => {
    const plan = withDomain()
    for (const prefix of ['', 'webhook.', 'cainjector.']) {
      expect(settingOf(plan, 'cert-manager', `${prefix}replicaCount`)).toBe(2)
      expect(settingOf(plan, 'cert-manager', `${prefix}podDisruptionBudget.enabled`)).toBe(true)
    }
  })

  it('with kube-prometheus-stack turns on its ServiceMonitor (never the PodMonitor too)', () => {
    const plan = withDomain({metrics: 'kube-prometheus-stack'})
    expect(settingOf(plan, 'cert-manager', 'prometheus.servicemonitor.enabled')).toBe(true)
    expect(settingOf(plan, 'cert-manager', 'prometheus.podmonitor.enabled')).toBeUndefined()
    expect(plan.wiring).toContainEqual({
      from: 'cert-manager',
      to: 'kube-prometheus-stack',
      what: 'metrics scraped',
    })
  })

  it('with standalone Prometheus keeps its scrape annotations and creates no ServiceMonitor', () => {
    const plan = withDomain({metrics: 'prometheus'})
    expect(settingOf(plan, 'cert-manager', 'prometheus.enabled')).toBe(true)
    expect(settingOf(plan, 'cert-manager', 'prometheus.servicemonitor.enabled')).toBeUndefined()
    expect(plan.wiring).toContainEqual({from: 'cert-manager', to: 'prometheus', what: 'metrics scraped'})
  })

  it('without metrics sets nothing about Prometheus', () => {
    const plan = withDomain({metrics: 'none'})
    expect(
      chartOf(plan, 'cert-manager').settings.filter((setting) => setting.path[0] === 'prometheus'),
    ).toEqual([])
  })

  it('says it is installed once per cluster, and names the ClusterIssuer the UIs need', () => {
    const messages = warningsOf({preset: 'minimal', domain: 'example.com', tlsIssuer: 'acme-prod'}).join('\n')
    expect(messages).toContain('once per cluster')
    expect(messages).toContain('--no-cert-manager')
    expect(messages).toContain('"acme-prod"')
    expect(warningsOf({preset: 'minimal', mesh: 'linkerd'}).join('\n')).not.toContain('ClusterIssuer "')
  })

  it('is maintained: no lifecycle warning', () => {
    expect(withDomain().warnings.filter((warning) => warning.code === 'LIFECYCLE')).toEqual([])
  })
})

describeWithShared('cert-manager values against upstream', () => {
  it('sets only known keys and passes its values.schema.json with every metrics choice', () => {
    for (const metrics of ['kube-prometheus-stack', 'prometheus', 'none'] as const) {
      const chart = chartOf(withDomain({metrics}), 'cert-manager')
      for (const setting of chart.settings) {
        expect(classifyPath('cert-manager', setting.path), setting.path.join('.')).not.toBe('unknown')
      }
      expect(upstreamSchemaErrors('cert-manager', coalesced('cert-manager', chartValues(chart)))).toEqual([])
    }
  })
})
