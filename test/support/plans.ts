import {parse} from 'yaml'
import {completeAnswers} from '../../src/answers/complete.js'
import type {AnswersInput} from '../../src/answers/schema.js'
import {CATALOG} from '../../src/catalog/index.js'
import {UserError} from '../../src/errors.js'
import {resolvePlan} from '../../src/plan/resolve.js'
import type {Plan, PlannedChart} from '../../src/plan/types.js'

export function planFor(input: AnswersInput): Plan {
  return resolvePlan(completeAnswers(input), CATALOG)
}

export function chartOf(plan: Plan, alias: string): PlannedChart {
  const chart = plan.layers.flatMap((layer) => layer.charts).find((entry) => entry.alias === alias)
  if (!chart) throw new Error(`no chart ${alias} in plan`)
  return chart
}

/** The value prodstack sets at a dotted path of a chart, or undefined. */
export function settingOf(plan: Plan, alias: string, path: string): unknown {
  return chartOf(plan, alias).settings.find((setting) => setting.path.join('.') === path)?.value
}

type FluentBitPlugin = Record<string, string | number>

/** Fluent Bit's YAML configuration in a plan, as Fluent Bit reads it. */
export function fluentBitYaml(plan: Plan): {
  service: FluentBitPlugin
  pipeline: {inputs: FluentBitPlugin[]; filters: FluentBitPlugin[]; outputs: FluentBitPlugin[]}
} {
  return parse(settingOf(plan, 'fluent-bit', 'config.extraFiles.fluent-bit.yaml') as string)
}

/**
 * Answers that between them choose every component at least once, next to the richest partners
 * (kube-prometheus-stack, Grafana, a domain) so every wiring branch is exercised.
 */
export function coverageAnswers(): AnswersInput[] {
  const rich: AnswersInput = {preset: 'full', domain: 'example.com'}
  return [
    {preset: 'minimal'},
    {preset: 'standard'},
    {preset: 'full'},
    // Cilium chained onto the Amazon VPC CNI: its own set of values.
    {preset: 'standard', cluster: 'eks', cni: 'cilium'},
    // And its GKE integration, and AKS's bring-your-own-CNI mode.
    {preset: 'standard', cluster: 'gke', cni: 'cilium', podCidr: '10.48.0.0/14'},
    {preset: 'standard', cluster: 'aks', cni: 'cilium'},
    {...rich, cni: 'calico', mesh: 'linkerd', dnsProvider: 'aws'},
    {...rich, dnsProvider: 'google'},
    {...rich, mesh: 'linkerd', metrics: 'prometheus', dnsProvider: 'azure'},
    {...rich, cni: 'none', mesh: 'linkerd', certManager: false, dnsProvider: 'rfc2136'},
    {...rich, cni: 'flannel', ingress: 'ingress-nginx', allowRetired: true, dnsProvider: 'cloudflare'},
    {
      ...rich,
      cni: 'weave-net',
      ingress: 'nginx-ingress',
      logging: 'fluentd',
      logStore: 'loki',
      dashboards: ['grafana'],
    },
    {
      ...rich,
      metrics: 'prometheus',
      logStore: 'opensearch',
      dashboards: ['grafana', 'opensearch-dashboards'],
    },
    {...rich, logging: 'fluentd', logStore: 'opensearch', dashboards: ['opensearch-dashboards']},
    {...rich, logging: 'fluentd', logStore: 'elasticsearch', metrics: 'prometheus'},
    {...rich, cni: 'cilium', mesh: 'istio', metrics: 'none', dashboards: ['kibana']},
    // The log agents that read pod log files: Alloy to Loki, the OpenTelemetry Collector to each store.
    {...rich, logging: 'alloy', logStore: 'loki', dashboards: ['grafana']},
    {...rich, logging: 'opentelemetry-collector'},
    {
      ...rich,
      logging: 'opentelemetry-collector',
      logStore: 'opensearch',
      metrics: 'prometheus',
      dashboards: ['opensearch-dashboards'],
    },
    {
      ...rich,
      alertReceivers: [
        {type: 'pagerduty', secretName: 'alertmanager-receivers', secretKey: 'pagerduty'},
        {type: 'slack', secretName: 'alertmanager-receivers', secretKey: 'slack', channel: '#alerts'},
        {
          type: 'email',
          secretName: 'alertmanager-receivers',
          secretKey: 'smtp',
          to: 'oncall@example.com',
          from: 'alerts@example.com',
          smarthost: 'smtp.example.com:587',
        },
        {type: 'opsgenie', secretName: 'alertmanager-receivers', secretKey: 'opsgenie'},
      ],
    },
    // The single layout, with what it can install in one release (kube-prometheus-stack and ECK cannot).
    {
      ...rich,
      layout: 'single',
      metrics: 'prometheus',
      logStore: 'opensearch',
      dashboards: ['grafana', 'opensearch-dashboards'],
    },
  ]
}

/** The full preset in the single layout, with what one release can hold (no kube-prometheus-stack, no ECK). */
export const FULL_SINGLE: AnswersInput = {
  preset: 'full',
  domain: 'example.com',
  layout: 'single',
  metrics: 'prometheus',
  logStore: 'opensearch',
  dashboards: ['grafana', 'opensearch-dashboards'],
}

/** The problems of a plan that must fail; fails the test when the plan succeeds or throws anything else. */
export function problemsOf(input: AnswersInput): UserError['problems'] {
  try {
    planFor(input)
  } catch (error) {
    if (error instanceof UserError) return error.problems
    throw error
  }
  throw new Error('expected the plan to fail')
}
