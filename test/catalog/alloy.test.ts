import {describe, expect, it} from 'vitest'
import type {AnswersInput} from '../../src/answers/schema.js'
import {chartOf, planFor, problemsOf, settingOf} from '../support/plans.js'

const alloy = (input: AnswersInput = {}) =>
  planFor({preset: 'standard', logging: 'alloy', logStore: 'loki', ...input})

describe('alloy', () => {
  it('is chosen by --logging alloy: a DaemonSet in the platform layer, whose namespace admits its hostPath', () => {
    const plan = alloy()
    expect(chartOf(plan, 'alloy').layer).toBe('platform')
    expect(plan.layers.find((layer) => layer.id === 'platform')?.podSecurity).toBe('privileged')
    expect(settingOf(plan, 'alloy', 'controller.type')).toBe('daemonset')
    expect(settingOf(plan, 'alloy', 'alloy.mounts.varlog')).toBe(true)
    // The bundled PodLogs CRD stays out of the platform layer.
    expect(settingOf(plan, 'alloy', 'crds.create')).toBe(false)
  })

  it("pushes this node's pod logs to the Loki gateway as the stack's tenant", () => {
    const plan = alloy({name: 'shop'})
    const config = settingOf(plan, 'alloy', 'alloy.configMap.content') as string
    expect(config).toContain('url = "http://loki-gateway.platform.svc:80/loki/api/v1/push"')
    expect(config).toContain('tenant_id = "shop"')
    // Only pods on the agent's own node (the chart sets HOSTNAME to spec.nodeName).
    expect(config).toContain('field = "spec.nodeName=" + sys.env("HOSTNAME")')
    expect(config).toContain('replacement   = "/var/log/pods/*$1/*.log"')
    // The pipeline is connected end to end: every receiver it forwards to is defined.
    for (const [, target] of config.matchAll(/forward_to += \[([a-z.]+)\.receiver\]/g)) {
      const [kind, name] = [
        target!.slice(0, target!.lastIndexOf('.')),
        target!.slice(target!.lastIndexOf('.') + 1),
      ]
      expect(config).toContain(`${kind} "${name}" {`)
    }
    // The chart passes the content through tpl.
    expect(config).not.toContain('{{')
    expect(plan.wiring).toContainEqual({from: 'alloy', to: 'loki', what: 'log output'})
  })

  it('is scraped by whichever metrics stack the plan has', () => {
    expect(settingOf(alloy(), 'alloy', 'serviceMonitor.enabled')).toBe(true)
    const annotated = alloy({metrics: 'prometheus'})
    expect(settingOf(annotated, 'alloy', 'serviceMonitor.enabled')).toBeUndefined()
    expect(settingOf(annotated, 'alloy', 'controller.podAnnotations')).toEqual({
      'prometheus.io/scrape': 'true',
      'prometheus.io/port': '12345',
      'prometheus.io/path': '/metrics',
    })
  })

  it('refuses a store other than Loki, naming the fix', () => {
    for (const logStore of ['elasticsearch', 'opensearch', 'none'] as const) {
      const problem = problemsOf({preset: 'standard', logging: 'alloy', logStore}).find((entry) =>
        entry.message.startsWith('Grafana Alloy'),
      )
      expect(problem?.source, logStore).toBe('--logging')
      expect(problem?.message).toMatch(/Loki/)
      expect(problem?.hint).toContain('--log-store loki')
    }
  })

  it('pulls both its images from the mirror', () => {
    const plan = alloy({registry: 'registry.example.com/mirror'})
    expect(settingOf(plan, 'alloy', 'global.image.registry')).toBe('registry.example.com/mirror')
  })
})
