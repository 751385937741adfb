import {describe, expect, it} from 'vitest'
import type {AnswersInput} from '../../src/answers/schema.js'
import {chartValues} from '../../src/render/values-tree.js'
import {coalesced, upstreamSchemaErrors} from '../support/conformance.js'
import {chartOf, planFor, settingOf} from '../support/plans.js'
import {describeWithShared} from '../support/shared.js'

const traefik = (input: AnswersInput = {}) => planFor({preset: 'minimal', ingress: 'traefik', ...input})

describe('traefik', () => {
  it('is chosen by --ingress traefik, in the platform layer', () => {
    expect(chartOf(traefik(), 'traefik').layer).toBe('platform')
    expect(
      planFor({preset: 'minimal', ingress: 'ingress-nginx', allowRetired: true}).components.map((c) => c.id),
    ).not.toContain('traefik')
  })

  it("names its IngressClass 'traefik', the class the planner hands to exposed UIs, and makes it the default", () => {
    const plan = traefik()
    expect(settingOf(plan, 'traefik', 'ingressClass.name')).toBe('traefik')
    expect(settingOf(plan, 'traefik', 'ingressClass.isDefaultClass')).toBe(true)
  })

  it('uses fixed object names', () => {
    expect(settingOf(traefik(), 'traefik', 'fullnameOverride')).toBe('traefik')
  })

  it('runs two replicas behind a PodDisruptionBudget', () => {
    const plan = traefik()
    expect(settingOf(plan, 'traefik', 'deployment.replicas')).toBe(2)
    expect(settingOf(plan, 'traefik', 'podDisruptionBudget.enabled')).toBe(true)
    expect(settingOf(plan, 'traefik', 'podDisruptionBudget.maxUnavailable')).toBe(1)
  })

  it('with kube-prometheus-stack turns on the metrics Service, the ServiceMonitor and skips the API check', () => {
    const plan = traefik({metrics: 'kube-prometheus-stack'})
    expect(settingOf(plan, 'traefik', 'metrics.prometheus.service.enabled')).toBe(true)
    expect(settingOf(plan, 'traefik', 'metrics.prometheus.serviceMonitor.enabled')).toBe(true)
    expect(settingOf(plan, 'traefik', 'metrics.prometheus.disableAPICheck')).toBe(true)
    expect(plan.wiring).toContainEqual({
      from: 'traefik',
      to: 'kube-prometheus-stack',
      what: 'metrics scraped',
    })
  })

  it("with standalone Prometheus relies on the chart's scrape annotations: no ServiceMonitor", () => {
    const plan = traefik({metrics: 'prometheus'})
    expect(settingOf(plan, 'traefik', 'metrics.prometheus.serviceMonitor.enabled')).toBeUndefined()
    expect(settingOf(plan, 'traefik', 'metrics.prometheus.disableAPICheck')).toBeUndefined()
    expect(plan.wiring).toContainEqual({from: 'traefik', to: 'prometheus', what: 'metrics scraped'})
  })

  it('without metrics records no scrape edge', () => {
    const plan = traefik({metrics: 'none'})
    expect(plan.wiring.filter((edge) => edge.from === 'traefik')).toEqual([])
  })

  it('warns that a LoadBalancer Service needs a provider on generic and kubeadm clusters only', () => {
    const messages = (input: AnswersInput) =>
      traefik(input)
        .warnings.filter((entry) => entry.component === 'traefik')
        .map((entry) => entry.message)
    for (const cluster of ['generic', 'kubeadm'] as const) {
      expect(messages({cluster}).join('\n')).toContain('values.traefik.service.spec.type')
    }
    expect(messages({cluster: 'eks'})).toEqual([])
  })

  it('is maintained: no lifecycle warning', () => {
    expect(traefik().warnings.filter((entry) => entry.code === 'LIFECYCLE')).toEqual([])
  })
})

describeWithShared('traefik values against its upstream values.schema.json', () => {
  it('passes the strict schema with every metrics choice and layout', () => {
    for (const input of [
      {metrics: 'kube-prometheus-stack'},
      {metrics: 'prometheus'},
      {metrics: 'none'},
      {layout: 'single'},
    ] as AnswersInput[]) {
      const errors = upstreamSchemaErrors(
        'traefik',
        coalesced('traefik', chartValues(chartOf(traefik(input), 'traefik'))),
      )
      expect(errors, JSON.stringify(input)).toEqual([])
    }
  })
})
