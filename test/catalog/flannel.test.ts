import {describe, expect, it} from 'vitest'
import type {AnswersInput} from '../../src/answers/schema.js'
import {chartOf, planFor, settingOf} from '../support/plans.js'

const flannel = (input: AnswersInput = {}) => planFor({preset: 'minimal', cni: 'flannel', ...input})
const componentWarnings = (input: AnswersInput = {}) =>
  flannel(input)
    .warnings.filter((entry) => entry.component === 'flannel')
    .map((entry) => entry.message)

describe('flannel', () => {
  it('is chosen by --cni flannel, in the network layer', () => {
    expect(chartOf(flannel(), 'flannel').layer).toBe('network')
  })

  it('uses the answered pod CIDR', () => {
    expect(settingOf(flannel({podCidr: '10.70.0.0/16'}), 'flannel', 'podCidr')).toBe('10.70.0.0/16')
  })

  it('turns on kube-network-policies and says why in a warning', () => {
    expect(settingOf(flannel(), 'flannel', 'netpol.enabled')).toBe(true)
    const warning = componentWarnings().find((message) => message.includes('NetworkPolicy'))
    expect(warning).toContain('netpol.enabled')
    expect(warning).toContain('kube-network-policies')
  })

  it('warns that node CIDRs must come from the pod CIDR, because of --kube-subnet-mgr', () => {
    const warning = componentWarnings({podCidr: '10.80.0.0/16'}).find((message) =>
      message.includes('spec.podCIDR'),
    )
    expect(warning).toContain('10.80.0.0/16')
  })

  it('in the layered layout, notes that it runs in kube-system, which must admit privileged pods', () => {
    expect(flannel().layers.find((layer) => layer.id === 'network')?.namespace).toBe('kube-system')
    expect(
      componentWarnings().some(
        (message) => message.includes('kube-system') && message.includes('privileged'),
      ),
    ).toBe(true)
  })

  it('in the single layout, labels the shared namespace privileged instead of warning', () => {
    const plan = flannel({layout: 'single'})
    expect(plan.layers[0]?.podSecurity).toBe('privileged')
    expect(componentWarnings({layout: 'single'}).some((message) => message.includes('kube-flannel'))).toBe(
      false,
    )
  })

  it('has no metrics to wire, so records no scrape edge', () => {
    const plan = flannel({metrics: 'kube-prometheus-stack'})
    expect(plan.wiring.filter((edge) => edge.from === 'flannel')).toEqual([])
    expect(chartOf(plan, 'flannel').settings.map((setting) => setting.path.join('.'))).toEqual([
      'podCidr',
      'netpol.enabled',
    ])
  })
})
