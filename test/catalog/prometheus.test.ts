import {describe, expect, it} from 'vitest'
import {parse} from 'yaml'
import {completeAnswers} from '../../src/answers/complete.js'
import type {AlertReceiver, AnswersInput} from '../../src/answers/schema.js'
import {CATALOG} from '../../src/catalog/index.js'
import type {UserError} from '../../src/errors.js'
import {resolvePlan} from '../../src/plan/resolve.js'
import {chartValues} from '../../src/render/values-tree.js'
import {classifyPath, coalesced, upstreamSchemaErrors} from '../support/conformance.js'
import {chartOf, planFor, settingOf} from '../support/plans.js'
import {describeWithShared} from '../support/shared.js'

const prometheus = (input: AnswersInput = {}) => planFor({preset: 'minimal', metrics: 'prometheus', ...input})

const RECEIVERS: AlertReceiver[] = [
  {type: 'pagerduty', secretName: 'alertmanager-receivers', secretKey: 'pagerduty'},
  {type: 'slack', secretName: 'slack-webhook', secretKey: 'url', channel: '#alerts'},
]

describe('prometheus (standalone)', () => {
  it('is chosen by --metrics prometheus, in the platform layer', () => {
    expect(chartOf(prometheus(), 'prometheus').layer).toBe('platform')
    expect(planFor({preset: 'minimal'}).components.map((component) => component.id)).not.toContain(
      'prometheus',
    )
  })

  it('gives the server a fixed Service name and offers it to Grafana as the default datasource', () => {
    const plan = prometheus({dashboards: ['grafana']})
    expect(settingOf(plan, 'prometheus', 'server.fullnameOverride')).toBe('prometheus-server')
    const provisioned = settingOf(plan, 'grafana', 'datasources.datasources.yaml') as {
      datasources: Array<{uid: string; url: string; isDefault: boolean}>
    }
    expect(provisioned.datasources).toContainEqual(
      expect.objectContaining({
        uid: 'prometheus',
        url: 'http://prometheus-server.platform.svc',
        isDefault: true,
      }),
    )
    expect(plan.wiring).toContainEqual({from: 'grafana', to: 'prometheus', what: 'Grafana datasource'})
  })

  it('discovers targets by scrape annotation: other charts get annotations, never ServiceMonitors', () => {
    const plan = prometheus({domain: 'example.com', mesh: 'istio', istioMode: 'sidecar'})
    expect(settingOf(plan, 'cert-manager', 'prometheus.servicemonitor.enabled')).toBeUndefined()
    expect(settingOf(plan, 'istiod', 'meshConfig.enablePrometheusMerge')).toBe(true)
    expect(plan.layers.flatMap((layer) => layer.charts).map((chart) => chart.alias)).not.toContain(
      'prometheus-operator-crds',
    )
  })

  it('leaves receivers to kube-prometheus-stack: the plan refuses them with standalone Prometheus', () => {
    try {
      prometheus({alertReceivers: RECEIVERS})
      throw new Error('expected the plan to fail')
    } catch (error) {
      expect((error as UserError).problems).toContainEqual({
        source: '--alert-receiver',
        message: 'alert receivers need an Alertmanager, but --metrics is prometheus',
        hint: 'pass --metrics kube-prometheus-stack',
      })
    }
  })

  it('leaves the alertmanager subchart config alone', () => {
    const settings = chartOf(prometheus(), 'prometheus').settings
    expect(settings.filter((setting) => setting.path[0] === 'alertmanager')).toEqual([])
  })

  it('with Linkerd adds the scrape jobs for its control plane and proxies', () => {
    const jobs = parse(settingOf(prometheus({mesh: 'linkerd'}), 'prometheus', 'extraScrapeConfigs') as string)
    expect(jobs.map((job: {job_name: string}) => job.job_name)).toEqual([
      'linkerd-controller',
      'linkerd-proxy',
    ])
    expect(jobs[0].kubernetes_sd_configs).toEqual([{role: 'pod', namespaces: {names: ['linkerd']}}])
    expect(settingOf(prometheus(), 'prometheus', 'extraScrapeConfigs')).toBeUndefined()
  })

  it('never duplicates node-exporter or kube-state-metrics if kube-prometheus-stack were also in the plan', () => {
    const both = {
      ...CATALOG,
      components: CATALOG.components.map((component) =>
        component.id === 'kube-prometheus-stack' ? {...component, chosenBy: () => true} : component,
      ),
    }
    const plan = resolvePlan(completeAnswers({preset: 'minimal', metrics: 'prometheus'}), both)
    expect(settingOf(plan, 'prometheus', 'kube-state-metrics.enabled')).toBe(false)
    expect(settingOf(plan, 'prometheus', 'prometheus-node-exporter.enabled')).toBe(false)
    expect(settingOf(prometheus(), 'prometheus', 'prometheus-node-exporter.enabled')).toBeUndefined()
  })

  it('says it ships no alerting rules', () => {
    const text = prometheus()
      .warnings.filter((warning) => warning.component === 'prometheus')
      .map((warning) => warning.message)
      .join('\n')
    expect(text).toContain('no alerting rules')
  })

  it('needs the privileged Pod Security level for node-exporter', () => {
    expect(prometheus().layers.find((layer) => layer.id === 'platform')?.podSecurity).toBe('privileged')
  })
})

describeWithShared('prometheus values against upstream', () => {
  it("passes the chart's values.schema.json with Linkerd scrape jobs", () => {
    const chart = chartOf(prometheus({mesh: 'linkerd'}), 'prometheus')
    expect(upstreamSchemaErrors('prometheus', coalesced('prometheus', chartValues(chart)))).toEqual([])
  })

  it('sets only keys the prometheus values.yaml knows', () => {
    const chart = chartOf(prometheus({mesh: 'linkerd'}), 'prometheus')
    for (const setting of chart.settings) {
      expect(classifyPath('prometheus', setting.path), setting.path.join('.')).not.toBe('unknown')
    }
  })
})
