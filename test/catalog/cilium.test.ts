import {describe, expect, it} from 'vitest'
import {planFor, settingOf} from '../support/plans.js'

describe('cilium', () => {
  it('allocates pod addresses from the stack pod CIDR', () => {
    const plan = planFor({preset: 'minimal', podCidr: '10.60.0.0/16'})
    expect(settingOf(plan, 'cilium', 'ipam.mode')).toBe('cluster-pool')
    expect(settingOf(plan, 'cilium', 'ipam.operator.clusterPoolIPv4PodCIDRList')).toEqual(['10.60.0.0/16'])
  })

  it('with Istio leaves other CNI configurations alone and keeps socket load-balancing in the host namespace', () => {
    const plan = planFor({preset: 'full'})
    expect(settingOf(plan, 'cilium', 'cni.exclusive')).toBe(false)
    expect(settingOf(plan, 'cilium', 'socketLB.hostNamespaceOnly')).toBe(true)
  })

  it('without Istio keeps the upstream CNI defaults', () => {
    const plan = planFor({preset: 'standard'})
    expect(settingOf(plan, 'cilium', 'cni.exclusive')).toBeUndefined()
    expect(settingOf(plan, 'cilium', 'socketLB.hostNamespaceOnly')).toBeUndefined()
  })

  it('with kube-prometheus-stack turns on every ServiceMonitor and trusts the CRDs from the crds layer', () => {
    const plan = planFor({preset: 'standard'})
    for (const path of [
      'prometheus.serviceMonitor.enabled',
      'prometheus.serviceMonitor.trustCRDsExist',
      'operator.prometheus.serviceMonitor.enabled',
      'hubble.metrics.serviceMonitor.enabled',
    ]) {
      expect(settingOf(plan, 'cilium', path), path).toBe(true)
    }
    expect(plan.wiring).toContainEqual({from: 'cilium', to: 'kube-prometheus-stack', what: 'metrics scraped'})
  })

  it('with standalone Prometheus exposes metrics without ServiceMonitors', () => {
    const plan = planFor({preset: 'standard', metrics: 'prometheus'})
    expect(settingOf(plan, 'cilium', 'prometheus.enabled')).toBe(true)
    expect(settingOf(plan, 'cilium', 'prometheus.serviceMonitor.enabled')).toBeUndefined()
  })

  it('without a metrics stack exposes no metrics', () => {
    const plan = planFor({preset: 'minimal'})
    expect(settingOf(plan, 'cilium', 'prometheus.enabled')).toBeUndefined()
    expect(settingOf(plan, 'cilium', 'hubble.metrics.enabled')).toBeUndefined()
  })

  it('ships its dashboards to Grafana', () => {
    expect(settingOf(planFor({preset: 'standard'}), 'cilium', 'dashboards.enabled')).toBe(true)
    expect(
      settingOf(planFor({preset: 'standard', dashboards: []}), 'cilium', 'dashboards.enabled'),
    ).toBeUndefined()
  })

  it('exposes Hubble UI with TLS under the domain, and warns that it has no login', () => {
    const plan = planFor({preset: 'standard', domain: 'example.com'})
    expect(settingOf(plan, 'cilium', 'hubble.ui.ingress.enabled')).toBe(true)
    expect(settingOf(plan, 'cilium', 'hubble.ui.ingress.className')).toBe('traefik')
    expect(settingOf(plan, 'cilium', 'hubble.ui.ingress.hosts')).toEqual(['hubble.example.com'])
    expect(settingOf(plan, 'cilium', 'hubble.ui.ingress.tls')).toEqual([
      {secretName: 'hubble-tls', hosts: ['hubble.example.com']},
    ])
    expect(settingOf(plan, 'cilium', 'hubble.ui.ingress.annotations')).toEqual({
      'cert-manager.io/cluster-issuer': 'letsencrypt-prod',
    })
    expect(plan.exposed).toContainEqual({component: 'cilium', host: 'hubble.example.com'})
    expect(
      plan.warnings.some((warning) => warning.component === 'cilium' && warning.message.includes('no login')),
    ).toBe(true)
  })

  it('exposes nothing without a domain', () => {
    const plan = planFor({preset: 'standard'})
    expect(settingOf(plan, 'cilium', 'hubble.ui.ingress.enabled')).toBeUndefined()
    expect(plan.exposed).toEqual([])
  })
})
