import {describe, expect, it} from 'vitest'
import type {AnswersInput} from '../../src/answers/schema.js'
import {chartValues} from '../../src/render/values-tree.js'
import {classifyPath, coalesced, upstreamSchemaErrors} from '../support/conformance.js'
import {chartOf, planFor, settingOf} from '../support/plans.js'
import {describeWithShared} from '../support/shared.js'

const istio = (input: AnswersInput = {}) => planFor({preset: 'minimal', mesh: 'istio', ...input})
const layerOf = (input: AnswersInput, id: string) => istio(input).layers.find((layer) => layer.id === id)

describe('istio', () => {
  it('is chosen by --mesh istio', () => {
    expect(istio().components.map((component) => component.id)).toContain('istio')
    expect(planFor({preset: 'minimal'}).components.map((component) => component.id)).not.toContain('istio')
  })

  it('installs base in the CRDs layer, istiod in the mesh layer and the gateway in the platform layer after it', () => {
    const plan = istio()
    expect(chartOf(plan, 'istio-base').layer).toBe('crds')
    expect(chartOf(plan, 'istiod').layer).toBe('mesh')
    expect(chartOf(plan, 'istio-gateway').layer).toBe('platform')
    const order = plan.layers.map((layer) => layer.id)
    expect(order.indexOf('crds')).toBeLessThan(order.indexOf('mesh'))
    expect(order.indexOf('mesh')).toBeLessThan(order.indexOf('platform'))
  })

  it('puts the mesh layer in istio-system and leaves the platform layer where it was', () => {
    expect(layerOf({}, 'mesh')?.namespace).toBe('istio-system')
    expect(layerOf({}, 'platform')?.namespace).toBe('platform')
  })

  it("gives base and istiod istiod's namespace under each chart's own global, never a shared parent global", () => {
    const plan = istio()
    expect(settingOf(plan, 'istio-base', 'global.istioNamespace')).toBe('istio-system')
    expect(settingOf(plan, 'istiod', 'global.istioNamespace')).toBe('istio-system')
    const single = istio({layout: 'single'})
    expect(settingOf(single, 'istio-base', 'global.istioNamespace')).toBe('platform')
    expect(settingOf(single, 'istiod', 'global.istioNamespace')).toBe('platform')
    for (const alias of ['istio-base', 'istiod', 'istio-gateway']) {
      expect(
        chartOf(plan, alias).settings.some((setting) => setting.path[0] === '_internal_defaults_do_not_set'),
      ).toBe(false)
    }
  })

  it('keeps only cluster-scoped objects of base in the CRDs layer, before istio-system exists', () => {
    expect(settingOf(istio(), 'istio-base', 'global.resourceScope')).toBe('cluster')
  })

  it('runs two istiod replicas so its PodDisruptionBudget does not block drains, with RuntimeDefault seccomp', () => {
    const plan = istio()
    expect(settingOf(plan, 'istiod', 'autoscaleMin')).toBe(2)
    expect(settingOf(plan, 'istiod', 'seccompProfile')).toEqual({type: 'RuntimeDefault'})
  })

  it('names the gateway istio-ingressgateway and keeps two pods behind a PodDisruptionBudget', () => {
    const plan = istio()
    expect(settingOf(plan, 'istio-gateway', 'name')).toBe('istio-ingressgateway')
    expect(settingOf(plan, 'istio-gateway', 'autoscaling.minReplicas')).toBe(2)
    expect(settingOf(plan, 'istio-gateway', 'podDisruptionBudget.minAvailable')).toBe(1)
    expect(settingOf(plan, 'istio-gateway', 'securityContext')).toEqual({
      sysctls: [{name: 'net.ipv4.ip_unprivileged_port_start', value: '0'}],
      seccompProfile: {type: 'RuntimeDefault'},
    })
  })

  it('in sidecar mode leaves the mesh namespace at the restricted Pod Security level', () => {
    expect(layerOf({istioMode: 'sidecar'}, 'mesh')?.podSecurity).toBe('restricted')
  })

  it('with Cilium gets cni.exclusive=false and socketLB.hostNamespaceOnly=true on Cilium', () => {
    const plan = istio({cni: 'cilium'})
    expect(settingOf(plan, 'cilium', 'cni.exclusive')).toBe(false)
    expect(settingOf(plan, 'cilium', 'socketLB.hostNamespaceOnly')).toBe(true)
  })

  it('with kube-prometheus-stack is scraped through a ServiceMonitor for istiod and a PodMonitor for Envoy', () => {
    const plan = istio({metrics: 'kube-prometheus-stack', istioMode: 'sidecar'})
    expect(settingOf(plan, 'kube-prometheus-stack', 'prometheus.additionalServiceMonitors')).toEqual([
      {
        name: 'istiod',
        selector: {matchLabels: {istio: 'pilot'}},
        namespaceSelector: {matchNames: ['istio-system']},
        endpoints: [{port: 'http-monitoring', interval: '15s'}],
      },
    ])
    expect(settingOf(plan, 'kube-prometheus-stack', 'prometheus.additionalPodMonitors')).toEqual([
      {
        name: 'istio-proxies',
        selector: {matchExpressions: [{key: 'istio-prometheus-ignore', operator: 'DoesNotExist'}]},
        namespaceSelector: {any: true},
        podMetricsEndpoints: [{port: 'http-envoy-prom', path: '/stats/prometheus', interval: '15s'}],
      },
    ])
    expect(settingOf(plan, 'istiod', 'meshConfig.enablePrometheusMerge')).toBeUndefined()
    expect(plan.wiring).toContainEqual({from: 'istio', to: 'kube-prometheus-stack', what: 'metrics scraped'})
  })

  it('without Istio kube-prometheus-stack adds no Istio monitors', () => {
    const plan = planFor({preset: 'minimal', metrics: 'kube-prometheus-stack'})
    expect(settingOf(plan, 'kube-prometheus-stack', 'prometheus.additionalServiceMonitors')).toBeUndefined()
    expect(settingOf(plan, 'kube-prometheus-stack', 'prometheus.additionalPodMonitors')).toBeUndefined()
  })

  it('in sidecar mode with standalone Prometheus merges application and Envoy metrics behind the scrape annotations', () => {
    const plan = istio({metrics: 'prometheus', istioMode: 'sidecar'})
    expect(settingOf(plan, 'istiod', 'meshConfig.enablePrometheusMerge')).toBe(true)
    expect(plan.wiring).toContainEqual({from: 'istio', to: 'prometheus', what: 'metrics scraped'})
    // Ambient pods have no sidecar to merge metrics in.
    expect(
      settingOf(istio({metrics: 'prometheus'}), 'istiod', 'meshConfig.enablePrometheusMerge'),
    ).toBeUndefined()
  })

  it('explains how namespaces join the mesh in each mode, and the second LoadBalancer next to an ingress controller', () => {
    const messages = (input: AnswersInput) =>
      istio(input)
        .warnings.filter((warning) => warning.component === 'istio')
        .map((warning) => warning.message)
        .join('\n')
    expect(messages({})).toContain('istio.io/dataplane-mode=ambient')
    expect(messages({})).not.toContain('istio-injection')
    expect(messages({istioMode: 'sidecar'})).toContain('istio-injection=enabled')
    expect(messages({ingress: 'traefik'})).toContain('next to traefik')
    expect(messages({ingress: 'none'})).not.toContain('LoadBalancer')
  })

  it('is maintained: no lifecycle warning', () => {
    expect(istio().warnings.filter((warning) => warning.code === 'LIFECYCLE')).toEqual([])
  })
})

describeWithShared('istio values against upstream', () => {
  it('sets only known keys, and the gateway passes its values.schema.json', () => {
    for (const input of [
      {metrics: 'prometheus'},
      {metrics: 'prometheus', istioMode: 'sidecar'},
      {layout: 'single'},
      {},
    ] as AnswersInput[]) {
      const plan = istio(input)
      for (const [alias, dir] of [
        ['istio-base', 'istio-base'],
        ['istiod', 'istiod'],
        ['istio-gateway', 'istio-gateway'],
      ] as const) {
        for (const setting of chartOf(plan, alias).settings) {
          expect(classifyPath(dir, setting.path), `${alias}.${setting.path.join('.')}`).not.toBe('unknown')
        }
      }
      const gateway = chartOf(plan, 'istio-gateway')
      expect(upstreamSchemaErrors('istio-gateway', coalesced('istio-gateway', chartValues(gateway)))).toEqual(
        [],
      )
    }
  })
})
