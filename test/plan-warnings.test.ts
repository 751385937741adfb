import {describe, expect, it} from 'vitest'
import {rankWarnings} from '../src/plan/resolve.js'
import {planFor, settingOf} from './support/plans.js'

describe('plan warnings', () => {
  it('come most severe first: what to do before installing, then cautions, then notices', () => {
    const plan = planFor({preset: 'standard', cluster: 'gke', cni: 'calico'})
    const severities = plan.warnings.map((warning) => warning.severity)
    expect(severities[0]).toBe('action')
    expect(plan.warnings[0]?.message).toContain("already run GKE's own dataplane")
    expect(severities).toEqual(
      [...severities].sort(
        (a, b) => ['action', 'caution', 'notice'].indexOf(a) - ['action', 'caution', 'notice'].indexOf(b),
      ),
    )
    expect(
      plan.warnings.filter((warning) => warning.severity === 'notice').map((warning) => warning.component),
    ).toEqual(expect.arrayContaining(['loki', 'grafana']))
  })

  it('name an answer that was set but does not apply, and what it depends on', () => {
    const unused = (input: Parameters<typeof planFor>[0]) =>
      planFor(input)
        .warnings.filter((warning) => warning.code === 'UNUSED_ANSWER')
        .map((warning) => `${warning.severity}: ${warning.message}`)
    expect(unused({preset: 'minimal', mesh: 'linkerd', istioMode: 'sidecar'})).toEqual([
      'notice: --istio-mode sidecar is not used by this stack (it depends on mesh: "linkerd").',
    ])
    expect(unused({preset: 'minimal', dnsCredentialsSecret: 'dns'})).toEqual([
      'notice: --dns-credentials-secret dns is not used by this stack (it depends on dnsProvider: "none").',
    ])
    // Defaults, and answers that apply, are not worth a word.
    expect(unused({preset: 'full'})).toEqual([])
    expect(unused({preset: 'minimal', mesh: 'istio', istioMode: 'sidecar'})).toEqual([])
    expect(unused({preset: 'minimal', mesh: 'linkerd', istioMode: 'ambient'})).toEqual([])
  })

  it('say each message once', () => {
    const twice = {code: 'COMPONENT', severity: 'notice', message: 'same'} as const
    expect(rankWarnings([twice, {...twice, severity: 'action', message: 'first'}, twice])).toEqual([
      {...twice, severity: 'action', message: 'first'},
      twice,
    ])
  })

  it("on GKE, run Cilium through its GKE integration, on the cluster's pod range", () => {
    const plan = planFor({preset: 'standard', cluster: 'gke', cni: 'cilium', podCidr: '10.48.0.0/14'})
    expect(settingOf(plan, 'cilium', 'gke.enabled')).toBe(true)
    expect(settingOf(plan, 'cilium', 'ipam.mode')).toBe('kubernetes')
    expect(settingOf(plan, 'cilium', 'ipv4NativeRoutingCIDR')).toBe('10.48.0.0/14')
    expect(settingOf(plan, 'cilium', 'nodeinit.enabled')).toBe(true)
    expect(settingOf(plan, 'cilium', 'nodeinit.reconfigureKubelet')).toBe(true)
    expect(settingOf(plan, 'cilium', 'cni.binPath')).toBe('/home/kubernetes/bin')
    expect(settingOf(plan, 'cilium', 'ipam.operator.clusterPoolIPv4PodCIDRList')).toBeUndefined()
    const messages = plan.warnings.map((warning) => warning.message)
    expect(messages.some((message) => message.includes('removed first'))).toBe(false)
    expect(messages.some((message) => message.startsWith('On GKE, Cilium takes over pod networking'))).toBe(
      true,
    )
  })

  it('on AKS, run Cilium as the CNI of a cluster created without one, and say so', () => {
    const plan = planFor({preset: 'standard', cluster: 'aks', cni: 'cilium'})
    expect(settingOf(plan, 'cilium', 'aksbyocni.enabled')).toBe(true)
    expect(settingOf(plan, 'cilium', 'gke.enabled')).toBeUndefined()
    expect(settingOf(plan, 'cilium', 'ipam.mode')).toBe('cluster-pool')
    const messages = plan.warnings.map((warning) => warning.message)
    expect(messages.some((message) => message.includes('removed first'))).toBe(false)
    expect(messages.some((message) => message.includes('az aks create --network-plugin none'))).toBe(true)
  })

  it('on EKS, chain Cilium onto the Amazon VPC CNI instead of asking to remove it', () => {
    const plan = planFor({preset: 'standard', cluster: 'eks', cni: 'cilium'})
    expect(settingOf(plan, 'cilium', 'cni.chainingMode')).toBe('aws-cni')
    expect(settingOf(plan, 'cilium', 'cni.exclusive')).toBe(false)
    expect(settingOf(plan, 'cilium', 'routingMode')).toBe('native')
    expect(settingOf(plan, 'cilium', 'ipam.mode')).toBeUndefined()
    expect(plan.warnings.some((warning) => warning.message.includes('removed first'))).toBe(false)
    expect(
      plan.warnings.some((warning) =>
        warning.message.startsWith('On EKS, Cilium chains onto the Amazon VPC CNI'),
      ),
    ).toBe(true)
    // Elsewhere Cilium still runs its own IPAM from the pod CIDR.
    expect(settingOf(planFor({preset: 'standard'}), 'cilium', 'ipam.mode')).toBe('cluster-pool')
  })
})
