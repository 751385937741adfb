import {describe, expect, it} from 'vitest'
import {completeAnswers} from '../../src/answers/complete.js'
import type {AnswersInput} from '../../src/answers/schema.js'
import {CATALOG} from '../../src/catalog/index.js'
import type {UserError} from '../../src/errors.js'
import {resolvePlan} from '../../src/plan/resolve.js'
import {chartOf, planFor, settingOf} from '../support/plans.js'

const nginx = (input: AnswersInput = {}) =>
  planFor({preset: 'minimal', ingress: 'ingress-nginx', allowRetired: true, ...input})

function planError(input: AnswersInput): UserError | undefined {
  try {
    resolvePlan(completeAnswers(input), CATALOG)
  } catch (caught) {
    return caught as UserError
  }
  return undefined
}

describe('ingress-nginx', () => {
  it('is chosen by --ingress ingress-nginx, in the platform layer', () => {
    expect(chartOf(nginx(), 'ingress-nginx').layer).toBe('platform')
  })

  it('is retired: the lifecycle warning suggests Traefik and F5 NGINX and says Traefik serves nginx-class Ingresses', () => {
    const warning = nginx().warnings.find(
      (entry) => entry.code === 'LIFECYCLE' && entry.component === 'ingress-nginx',
    )
    expect(warning?.alternatives).toEqual(['traefik', 'nginx-ingress'])
    expect(warning?.message).toContain('March 2026')
    expect(warning?.message).toMatch(/Traefik \(it can also serve Ingresses written for class nginx\)/)
    expect(warning?.message).toContain('Gateway API implementation')
    expect(warning?.message).toContain('CVE-2026-42945')
    expect(nginx().components.find((entry) => entry.id === 'ingress-nginx')?.lifecycle.status).toBe('retired')
  })

  it('is refused without --allow-retired: one problem naming the CVE, Gateway API and the alternatives', () => {
    const error = planError({preset: 'minimal', ingress: 'ingress-nginx'})
    expect(error?.code).toBe('INVALID_PLAN')
    expect(error?.message).toBe('A retired component is refused')
    expect(error?.problems).toHaveLength(1)
    const [problem] = error?.problems ?? []
    expect(problem?.source).toBe('--ingress')
    expect(problem?.message).toMatch(/^ingress-nginx is retired: /)
    expect(problem?.message).toContain('CVE-2026-42945, which will never be fixed there')
    expect(problem?.message).toContain('Gateway API')
    expect(problem?.hint).toBe(
      'choose --ingress traefik or --ingress nginx-ingress, or pass --allow-retired to install it anyway',
    )
  })

  it('refused next to another problem, keeps the general heading and lists both', () => {
    const error = planError({
      preset: 'minimal',
      ingress: 'ingress-nginx',
      layout: 'single',
      metrics: 'kube-prometheus-stack',
    })
    expect(error?.message).toBe('These choices do not work together')
    expect(error?.problems.map((problem) => problem.source).sort()).toEqual(['--ingress', '--layout'])
  })

  it('--allow-retired false is the same as leaving it out', () => {
    expect(
      planError({preset: 'minimal', ingress: 'ingress-nginx', allowRetired: false})?.problems,
    ).toHaveLength(1)
  })

  it('with --allow-retired the answer is recorded, so regeneration keeps working', () => {
    expect(nginx().answers.allowRetired).toBe(true)
    expect(completeAnswers({preset: 'minimal'}).allowRetired).toBeUndefined()
  })

  it("creates IngressClass 'nginx' as the default class, with fixed names", () => {
    const plan = nginx()
    expect(settingOf(plan, 'ingress-nginx', 'controller.ingressClassResource.name')).toBe('nginx')
    expect(settingOf(plan, 'ingress-nginx', 'controller.ingressClass')).toBe('nginx')
    expect(settingOf(plan, 'ingress-nginx', 'controller.ingressClassResource.default')).toBe(true)
    expect(settingOf(plan, 'ingress-nginx', 'fullnameOverride')).toBe('ingress-nginx')
  })

  it('runs two controllers, so the chart adds its PodDisruptionBudget', () => {
    expect(settingOf(nginx(), 'ingress-nginx', 'controller.replicaCount')).toBe(2)
  })

  it('with kube-prometheus-stack enables metrics and the ServiceMonitor, without annotations', () => {
    const plan = nginx({metrics: 'kube-prometheus-stack'})
    expect(settingOf(plan, 'ingress-nginx', 'controller.metrics.enabled')).toBe(true)
    expect(settingOf(plan, 'ingress-nginx', 'controller.metrics.serviceMonitor.enabled')).toBe(true)
    expect(settingOf(plan, 'ingress-nginx', 'controller.metrics.service.annotations')).toBeUndefined()
  })

  it('with standalone Prometheus enables metrics and annotates the metrics Service, never a ServiceMonitor', () => {
    const plan = nginx({metrics: 'prometheus'})
    expect(settingOf(plan, 'ingress-nginx', 'controller.metrics.enabled')).toBe(true)
    expect(settingOf(plan, 'ingress-nginx', 'controller.metrics.service.annotations')).toEqual({
      'prometheus.io/scrape': 'true',
      'prometheus.io/port': '10254',
    })
    expect(settingOf(plan, 'ingress-nginx', 'controller.metrics.serviceMonitor.enabled')).toBeUndefined()
  })

  it('without metrics leaves them off and records no scrape edge', () => {
    const plan = nginx({metrics: 'none'})
    expect(settingOf(plan, 'ingress-nginx', 'controller.metrics.enabled')).toBeUndefined()
    expect(plan.wiring.filter((edge) => edge.from === 'ingress-nginx')).toEqual([])
  })

  it('warns that its LoadBalancer Service needs a provider on bare metal', () => {
    const messages = nginx({cluster: 'kubeadm'})
      .warnings.filter((entry) => entry.code === 'COMPONENT' && entry.component === 'ingress-nginx')
      .map((entry) => entry.message)
    expect(messages.join('\n')).toContain('values.ingress-nginx.controller.service.type')
  })

  it('cannot run next to the F5 controller: one problem naming the IngressClass and the fix', () => {
    // Answers choose one controller; a catalog where something else pulls in F5 NGINX shows the conflict.
    const catalog = {
      ...CATALOG,
      components: CATALOG.components.map((component) =>
        component.id === 'nginx-ingress' ? {...component, chosenBy: () => true} : component,
      ),
    }
    let error: UserError | undefined
    try {
      resolvePlan(completeAnswers({preset: 'minimal', ingress: 'ingress-nginx', allowRetired: true}), catalog)
    } catch (caught) {
      error = caught as UserError
    }
    expect(error?.code).toBe('INVALID_PLAN')
    const conflicts =
      error?.problems.filter((problem) => problem.message.includes('cannot run together')) ?? []
    expect(conflicts).toHaveLength(1)
    expect(conflicts[0]?.message).toContain('IngressClass "nginx"')
    expect(conflicts[0]?.hint).toContain('--ingress')
  })
})
