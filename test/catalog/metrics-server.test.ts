import {describe, expect, it} from 'vitest'
import type {AnswersInput} from '../../src/answers/schema.js'
import {CATALOG} from '../../src/catalog/index.js'
import {classifyPath} from '../support/conformance.js'
import {chartOf, planFor, settingOf} from '../support/plans.js'
import {describeWithShared} from '../support/shared.js'

const metricsServer = (input: AnswersInput = {}) =>
  planFor({preset: 'minimal', metricsServer: true, ...input})
const warningsOf = (input: AnswersInput) =>
  metricsServer(input)
    .warnings.filter((warning) => warning.component === 'metrics-server')
    .map((warning) => warning.message)

describe('metrics-server', () => {
  it('is chosen by --metrics-server, in the platform layer', () => {
    expect(chartOf(metricsServer(), 'metrics-server').layer).toBe('platform')
    const without = planFor({preset: 'minimal', metricsServer: false})
    expect(without.components.map((component) => component.id)).not.toContain('metrics-server')
  })

  it('is off by default on managed clusters, which run their own', () => {
    expect(
      planFor({preset: 'minimal', cluster: 'eks'}).components.map((component) => component.id),
    ).not.toContain('metrics-server')
  })

  it('is the successor of Heapster, which the catalog never offers', () => {
    expect(CATALOG.components.map((component) => component.id)).not.toContain('heapster')
    expect(
      metricsServer().components.find((component) => component.id === 'metrics-server')?.description,
    ).toContain('Heapster')
  })

  it('runs two replicas behind a PodDisruptionBudget', () => {
    const plan = metricsServer()
    expect(settingOf(plan, 'metrics-server', 'replicas')).toBe(2)
    expect(settingOf(plan, 'metrics-server', 'podDisruptionBudget.enabled')).toBe(true)
    expect(settingOf(plan, 'metrics-server', 'podDisruptionBudget.minAvailable')).toBe(1)
  })

  it('with kube-prometheus-stack turns on its metrics endpoint and ServiceMonitor', () => {
    const plan = metricsServer({metrics: 'kube-prometheus-stack'})
    expect(settingOf(plan, 'metrics-server', 'metrics.enabled')).toBe(true)
    expect(settingOf(plan, 'metrics-server', 'serviceMonitor.enabled')).toBe(true)
    expect(plan.wiring).toContainEqual({
      from: 'metrics-server',
      to: 'kube-prometheus-stack',
      what: 'metrics scraped',
    })
  })

  it('with standalone Prometheus creates no ServiceMonitor and claims no scrape it cannot do', () => {
    const plan = metricsServer({metrics: 'prometheus'})
    expect(settingOf(plan, 'metrics-server', 'serviceMonitor.enabled')).toBeUndefined()
    expect(settingOf(plan, 'metrics-server', 'metrics.enabled')).toBeUndefined()
    expect(plan.wiring.filter((edge) => edge.from === 'metrics-server')).toEqual([])
  })

  it('with cert-manager in the plan gets a verified serving certificate instead of insecureSkipTLSVerify', () => {
    const plan = metricsServer({domain: 'example.com'})
    expect(settingOf(plan, 'metrics-server', 'tls.type')).toBe('cert-manager')
    expect(settingOf(plan, 'metrics-server', 'apiService.insecureSkipTLSVerify')).toBe(false)
    const noCertManager = metricsServer({domain: 'example.com', certManager: false})
    expect(settingOf(noCertManager, 'metrics-server', 'tls.type')).toBeUndefined()
  })

  it('never adds --kubelet-insecure-tls, but tells kubeadm and k3s users how', () => {
    for (const cluster of ['generic', 'kubeadm', 'k3s'] as const) {
      expect(settingOf(metricsServer({cluster}), 'metrics-server', 'args')).toBeUndefined()
    }
    expect(warningsOf({cluster: 'kubeadm'}).join('\n')).toContain('--kubelet-insecure-tls')
    expect(warningsOf({cluster: 'k3s'}).join('\n')).toContain('serverTLSBootstrap')
    expect(warningsOf({cluster: 'generic'})).toEqual([])
  })

  it('is maintained: no lifecycle warning', () => {
    expect(metricsServer().warnings.filter((warning) => warning.code === 'LIFECYCLE')).toEqual([])
  })
})

describeWithShared('metrics-server values against upstream', () => {
  it('sets only keys its values.yaml knows', () => {
    for (const input of [
      {metrics: 'kube-prometheus-stack', domain: 'example.com'},
      {metrics: 'none'},
    ] as const) {
      for (const setting of chartOf(metricsServer(input), 'metrics-server').settings) {
        expect(classifyPath('metrics-server', setting.path), setting.path.join('.')).not.toBe('unknown')
      }
    }
  })
})
