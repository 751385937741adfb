import {describe, expect, it} from 'vitest'
import type {AlertReceiver, AnswersInput} from '../../src/answers/schema.js'
import {CATALOG, findComponent} from '../../src/catalog/index.js'
import type {GrafanaDatasource, WiringContext} from '../../src/catalog/types.js'
import type {Plan} from '../../src/plan/types.js'
import {classifyPath} from '../support/conformance.js'
import {chartOf, planFor, settingOf} from '../support/plans.js'
import {describeWithShared} from '../support/shared.js'

const kps = (input: AnswersInput = {}) =>
  planFor({preset: 'minimal', metrics: 'kube-prometheus-stack', ...input})
const warningsOf = (input: AnswersInput) =>
  kps(input)
    .warnings.filter((warning) => warning.component === 'kube-prometheus-stack')
    .map((warning) => warning.message)
    .join('\n')

const RECEIVERS: AlertReceiver[] = [
  {type: 'pagerduty', secretName: 'alertmanager-receivers', secretKey: 'pagerduty'},
  {type: 'slack', secretName: 'alertmanager-receivers', secretKey: 'slack', channel: '#alerts'},
  {
    type: 'email',
    secretName: 'smtp',
    secretKey: 'password',
    to: 'oncall@example.com',
    from: 'alerts@example.com',
    smarthost: 'smtp.example.com:587',
  },
  {type: 'opsgenie', secretName: 'alertmanager-receivers', secretKey: 'opsgenie'},
  {type: 'slack', secretName: 'alertmanager-receivers', secretKey: 'slack-ops'},
]

/** Datasources each planned component offers, asked the way the planner asks them. */
function offeredDatasources(plan: Plan): GrafanaDatasource[] {
  const namespaceOf = (id: string) => {
    const alias = findComponent(CATALOG, id)!.charts.at(-1)!.alias
    return plan.layers.find((layer) => layer.charts.some((chart) => chart.alias === alias))!.namespace
  }
  const ctx: WiringContext = {
    answers: plan.answers,
    cluster: CATALOG.clusters.find((flavour) => flavour.id === plan.answers.cluster)!,
    has: (id) => plan.components.some((component) => component.id === id),
    namespaceOf,
    monitoring: 'none',
    hostFor: () => undefined,
    logSink: () => undefined,
    datasources: () => [],
    scrapeTargets: () => ({serviceMonitors: [], podMonitors: []}),
    trustBundles: () => [],
  }
  return plan.components.flatMap(({id}) => findComponent(CATALOG, id)?.datasources?.(ctx) ?? [])
}

const isDefault = (source: GrafanaDatasource) => (source as {isDefault?: boolean}).isDefault === true

describe('kube-prometheus-stack', () => {
  it('installs prometheus-operator-crds in the CRDs layer and the stack in the platform layer without its own CRDs', () => {
    const plan = kps()
    expect(chartOf(plan, 'prometheus-operator-crds').layer).toBe('crds')
    expect(chartOf(plan, 'kube-prometheus-stack').layer).toBe('platform')
    expect(settingOf(plan, 'kube-prometheus-stack', 'crds.enabled')).toBe(false)
  })

  it('uses fixed names: kube-prometheus-prometheus and kube-prometheus-alertmanager', () => {
    expect(settingOf(kps(), 'kube-prometheus-stack', 'fullnameOverride')).toBe('kube-prometheus')
  })

  it('selects monitors, rules, probes and scrape configs from every release', () => {
    const plan = kps()
    for (const kind of ['serviceMonitor', 'podMonitor', 'rule', 'probe', 'scrapeConfig']) {
      expect(
        settingOf(
          plan,
          'kube-prometheus-stack',
          `prometheus.prometheusSpec.${kind}SelectorNilUsesHelmValues`,
        ),
      ).toBe(false)
    }
  })

  it('keeps metrics and Alertmanager state on persistent volumes, with a size-based retention below the volume size', () => {
    const plan = kps()
    expect(settingOf(plan, 'kube-prometheus-stack', 'prometheus.prometheusSpec.storageSpec')).toEqual({
      volumeClaimTemplate: {spec: {accessModes: ['ReadWriteOnce'], resources: {requests: {storage: '50Gi'}}}},
    })
    expect(settingOf(plan, 'kube-prometheus-stack', 'prometheus.prometheusSpec.retentionSize')).toBe('45GB')
    expect(settingOf(plan, 'kube-prometheus-stack', 'alertmanager.alertmanagerSpec.storage')).toBeDefined()
  })

  it('never runs its own Grafana; with Grafana chosen it still ships its dashboards, but not its datasources', () => {
    const without = kps()
    expect(settingOf(without, 'kube-prometheus-stack', 'grafana.enabled')).toBe(false)
    expect(settingOf(without, 'kube-prometheus-stack', 'grafana.forceDeployDashboards')).toBeUndefined()
    const withGrafana = kps({dashboards: ['grafana']})
    expect(settingOf(withGrafana, 'kube-prometheus-stack', 'grafana.enabled')).toBe(false)
    expect(settingOf(withGrafana, 'kube-prometheus-stack', 'grafana.forceDeployDashboards')).toBe(true)
    expect(settingOf(withGrafana, 'kube-prometheus-stack', 'grafana.forceDeployDatasources')).toBe(false)
  })

  it('offers Prometheus (the default) and Alertmanager as Grafana datasources at their fixed Service names', () => {
    const sources = offeredDatasources(kps())
    expect(sources).toEqual([
      expect.objectContaining({
        name: 'Prometheus',
        type: 'prometheus',
        uid: 'prometheus',
        url: 'http://kube-prometheus-prometheus.platform.svc:9090',
        isDefault: true,
      }),
      expect.objectContaining({
        name: 'Alertmanager',
        type: 'alertmanager',
        uid: 'alertmanager',
        url: 'http://kube-prometheus-alertmanager.platform.svc:9093',
        isDefault: false,
      }),
    ])
  })

  it('mounts receiver Secrets and reads every credential from a file', () => {
    const plan = kps({alertReceivers: RECEIVERS})
    expect(settingOf(plan, 'kube-prometheus-stack', 'alertmanager.alertmanagerSpec.secrets')).toEqual([
      'alertmanager-receivers',
      'smtp',
    ])
    const dir = '/etc/alertmanager/secrets'
    expect(settingOf(plan, 'kube-prometheus-stack', 'alertmanager.config.receivers')).toEqual([
      {name: 'null'},
      {
        name: 'pagerduty',
        pagerduty_configs: [
          {routing_key_file: `${dir}/alertmanager-receivers/pagerduty`, send_resolved: true},
        ],
      },
      {
        name: 'slack',
        slack_configs: [
          {api_url_file: `${dir}/alertmanager-receivers/slack`, channel: '#alerts', send_resolved: true},
        ],
      },
      {
        name: 'email',
        email_configs: [
          {
            to: 'oncall@example.com',
            from: 'alerts@example.com',
            smarthost: 'smtp.example.com:587',
            auth_username: 'alerts@example.com',
            auth_password_file: `${dir}/smtp/password`,
            require_tls: true,
            send_resolved: true,
          },
        ],
      },
      {
        name: 'opsgenie',
        opsgenie_configs: [{api_key_file: `${dir}/alertmanager-receivers/opsgenie`, send_resolved: true}],
      },
      {
        name: 'slack-2',
        slack_configs: [{api_url_file: `${dir}/alertmanager-receivers/slack-ops`, send_resolved: true}],
      },
    ])
  })

  it("keeps the Watchdog route first on 'null' and routes critical alerts to pagers, warnings to chat and mail", () => {
    const routes = settingOf(
      kps({alertReceivers: RECEIVERS}),
      'kube-prometheus-stack',
      'alertmanager.config.route.routes',
    )
    expect(routes).toEqual([
      {receiver: 'null', matchers: ['alertname = "Watchdog"']},
      {receiver: 'pagerduty', matchers: ['severity = "critical"'], continue: true},
      {receiver: 'slack', matchers: ['severity =~ "warning|critical"'], continue: true},
      {receiver: 'email', matchers: ['severity =~ "warning|critical"'], continue: true},
      {receiver: 'opsgenie', matchers: ['severity = "critical"'], continue: true},
      {receiver: 'slack-2', matchers: ['severity =~ "warning|critical"'], continue: true},
    ])
  })

  it('lists each receiver Secret as a prerequisite in its namespace, with every key it must hold', () => {
    expect(kps({alertReceivers: RECEIVERS}).prerequisites).toEqual([
      expect.objectContaining({
        namespace: 'platform',
        name: 'alertmanager-receivers',
        keys: ['pagerduty', 'slack', 'opsgenie', 'slack-ops'],
      }),
      expect.objectContaining({namespace: 'platform', name: 'smtp', keys: ['password']}),
    ])
  })

  it('without receivers leaves the upstream Alertmanager config alone and says alerts go nowhere', () => {
    const plan = kps()
    expect(settingOf(plan, 'kube-prometheus-stack', 'alertmanager.config.receivers')).toBeUndefined()
    expect(settingOf(plan, 'kube-prometheus-stack', 'alertmanager.alertmanagerSpec.secrets')).toBeUndefined()
    expect(plan.prerequisites).toEqual([])
    expect(warningsOf({})).toContain('--alert-receiver')
    expect(warningsOf({alertReceivers: RECEIVERS})).not.toContain('--alert-receiver')
  })

  it('warns that Opsgenie support ends on 2027-04-05, only when an opsgenie receiver is configured', () => {
    const opsgenie = RECEIVERS.filter((receiver) => receiver.type === 'opsgenie')
    const others = RECEIVERS.filter((receiver) => receiver.type !== 'opsgenie')
    expect(opsgenie).toHaveLength(1)
    expect(warningsOf({alertReceivers: opsgenie})).toContain('Atlassian ends Opsgenie support on 2027-04-05')
    expect(warningsOf({alertReceivers: RECEIVERS})).toContain('2027-04-05')
    expect(warningsOf({alertReceivers: others})).not.toContain('Opsgenie')
    expect(warningsOf({})).not.toContain('2027-04-05')
  })

  it('turns off control-plane monitors managed clusters never expose, and warns kubeadm users instead', () => {
    const eks = kps({cluster: 'eks'})
    for (const key of ['kubeControllerManager', 'kubeScheduler', 'kubeEtcd']) {
      expect(settingOf(eks, 'kube-prometheus-stack', `${key}.enabled`)).toBe(false)
      expect(settingOf(kps({cluster: 'kubeadm'}), 'kube-prometheus-stack', `${key}.enabled`)).toBeUndefined()
    }
    expect(warningsOf({cluster: 'kubeadm'})).toContain('127.0.0.1')
    expect(warningsOf({cluster: 'generic'})).not.toContain('127.0.0.1')
  })

  it('has cert-manager issue the operator webhook certificate when cert-manager is in the plan', () => {
    const path = 'prometheusOperator.admissionWebhooks.certManager.enabled'
    expect(settingOf(kps({domain: 'example.com'}), 'kube-prometheus-stack', path)).toBe(true)
    expect(settingOf(kps(), 'kube-prometheus-stack', path)).toBeUndefined()
  })

  it('exposes no UI: Prometheus and Alertmanager have no login of their own', () => {
    const plan = kps({domain: 'example.com'})
    expect(plan.exposed.filter((ui) => ui.component === 'kube-prometheus-stack')).toEqual([])
    const ingress = chartOf(plan, 'kube-prometheus-stack').settings.filter((setting) =>
      setting.path.includes('ingress'),
    )
    expect(ingress).toEqual([])
  })

  it('needs the privileged Pod Security level for node-exporter', () => {
    expect(kps().layers.find((layer) => layer.id === 'platform')?.podSecurity).toBe('privileged')
  })
})

describe('the default Grafana datasource', () => {
  for (const metrics of ['kube-prometheus-stack', 'prometheus'] as const) {
    it(`is exactly one, Prometheus, with ${metrics}, Loki and Elasticsearch`, () => {
      for (const logStore of ['loki', 'elasticsearch', 'opensearch'] as const) {
        const plan = planFor({preset: 'full', metrics, logStore, dashboards: ['grafana']})
        const defaults = offeredDatasources(plan).filter(isDefault)
        expect(defaults.map((source) => source.uid)).toEqual(['prometheus'])
        const provisioned = settingOf(plan, 'grafana', 'datasources.datasources.yaml') as {
          datasources: Array<{uid: string; isDefault: boolean}>
        }
        expect(
          provisioned.datasources.filter((source) => source.isDefault).map((source) => source.uid),
        ).toEqual(['prometheus'])
      }
    })
  }
})

describeWithShared('kube-prometheus-stack values against upstream', () => {
  it('sets only keys its values.yaml knows, with receivers, Istio, Grafana and a managed cluster', () => {
    const plan = kps({
      alertReceivers: RECEIVERS,
      mesh: 'istio',
      dashboards: ['grafana'],
      domain: 'example.com',
      cluster: 'eks',
    })
    for (const alias of ['prometheus-operator-crds', 'kube-prometheus-stack']) {
      for (const setting of chartOf(plan, alias).settings) {
        expect(classifyPath(alias, setting.path), `${alias}.${setting.path.join('.')}`).not.toBe('unknown')
      }
    }
  })
})
