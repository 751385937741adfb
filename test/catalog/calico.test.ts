import {describe, expect, it} from 'vitest'
import type {AnswersInput} from '../../src/answers/schema.js'
import {chartOf, planFor, settingOf} from '../support/plans.js'

const calico = (input: AnswersInput = {}) => planFor({preset: 'minimal', cni: 'calico', ...input})
const componentWarnings = (input: AnswersInput) =>
  calico(input)
    .warnings.filter((entry) => entry.component === 'calico')
    .map((entry) => entry.message)

describe('calico', () => {
  it('installs the CRD chart in the CRDs layer, before the operator in the network layer', () => {
    const plan = calico()
    expect(chartOf(plan, 'calico-crds').layer).toBe('crds')
    expect(chartOf(plan, 'calico-crds').chart).toBe('crd.projectcalico.org.v1')
    expect(chartOf(plan, 'tigera-operator').layer).toBe('network')
    const order = plan.layers.map((layer) => layer.id)
    expect(order.indexOf('crds')).toBeLessThan(order.indexOf('network'))
    expect(chartOf(plan, 'calico-crds').settings).toEqual([])
  })

  it('puts the answered pod CIDR in the first IP pool of the Installation', () => {
    const network = settingOf(
      calico({podCidr: '10.50.0.0/16'}),
      'tigera-operator',
      'installation.calicoNetwork',
    ) as {
      ipPools: Array<Record<string, unknown>>
    }
    expect(network.ipPools).toHaveLength(1)
    expect(network.ipPools[0]).toEqual({
      name: 'default-ipv4-ippool',
      cidr: '10.50.0.0/16',
      blockSize: 26,
      encapsulation: 'VXLANCrossSubnet',
      natOutgoing: 'Enabled',
      nodeSelector: 'all()',
    })
  })

  it('turns on Felix and Typha metrics when a metrics stack is chosen', () => {
    for (const metrics of ['kube-prometheus-stack', 'prometheus'] as const) {
      const plan = calico({metrics})
      expect(settingOf(plan, 'tigera-operator', 'installation.nodeMetricsPort')).toBe(9091)
      expect(settingOf(plan, 'tigera-operator', 'installation.typhaMetricsPort')).toBe(9093)
    }
  })

  it('leaves metrics off without a metrics stack', () => {
    const plan = calico({metrics: 'none'})
    expect(settingOf(plan, 'tigera-operator', 'installation.nodeMetricsPort')).toBeUndefined()
    expect(settingOf(plan, 'tigera-operator', 'installation.typhaMetricsPort')).toBeUndefined()
  })

  it('claims no scrape wiring, because the chart has no ServiceMonitor, and says so', () => {
    const plan = calico({metrics: 'kube-prometheus-stack'})
    expect(plan.wiring.filter((edge) => edge.from === 'calico')).toEqual([])
    expect(componentWarnings({metrics: 'kube-prometheus-stack'}).join('\n')).toMatch(/no ServiceMonitor/)
    expect(componentWarnings({metrics: 'none'}).join('\n')).not.toMatch(/ServiceMonitor/)
  })

  it('warns on kubeadm that the pool must lie inside --pod-network-cidr', () => {
    const kubeadm = componentWarnings({cluster: 'kubeadm', podCidr: '10.60.0.0/16'}).join('\n')
    expect(kubeadm).toContain('10.60.0.0/16')
    expect(kubeadm).toContain('--pod-network-cidr')
    expect(componentWarnings({cluster: 'generic'}).join('\n')).not.toContain('--pod-network-cidr')
  })

  it('is maintained, so no lifecycle warning, and its note names the separate CRD chart', () => {
    const plan = calico()
    expect(plan.warnings.filter((entry) => entry.code === 'LIFECYCLE')).toEqual([])
    expect(plan.components.find((entry) => entry.id === 'calico')?.lifecycle.note).toContain(
      'crd.projectcalico.org.v1',
    )
  })

  it('asks for a privileged namespace in the single-chart layout', () => {
    expect(calico({layout: 'single'}).layers[0]?.podSecurity).toBe('privileged')
  })
})
