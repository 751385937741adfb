import type {AlertReceiver} from '../../answers/schema.js'
import {injectedWebhookCa, mirrorSet, serviceHost, set, settingsFor, writtenWebhookCa} from '../settings.js'
import type {
  Component,
  GrafanaDatasource,
  Monitor,
  ScrapeTargets,
  SecretPrerequisite,
  Setting,
} from '../types.js'

/** Stable resource names whatever the release is called (the chart truncates this to 26 characters). */
export const KPS_FULLNAME = 'kube-prometheus'
export const KPS_PROMETHEUS_SERVICE = `${KPS_FULLNAME}-prometheus`
export const KPS_ALERTMANAGER_SERVICE = `${KPS_FULLNAME}-alertmanager`

/** A Grafana datasource that may be the default one (exactly one in a plan is: Prometheus). */

const PAGING = new Set(['pagerduty', 'opsgenie'])
/** Atlassian ends Opsgenie support on this day; a receiver set up now has a deadline. */
const OPSGENIE_END_OF_SUPPORT = '2027-04-05'

/**
 * Alertmanager receivers and routes for the answers' receivers. Every credential is read from a file
 * mounted from the referenced Secret; `'null'` and the Watchdog route are kept because Helm replaces
 * lists instead of merging them.
 */
export function alertmanagerConfig(
  receivers: readonly AlertReceiver[],
  secretDir: (secretName: string) => string,
): {receivers: Record<string, unknown>[]; routes: Record<string, unknown>[]} {
  const seen = new Map<string, number>()
  const named = receivers.map((receiver) => {
    const count = (seen.get(receiver.type) ?? 0) + 1
    seen.set(receiver.type, count)
    return {receiver, name: count === 1 ? receiver.type : `${receiver.type}-${count}`}
  })
  return {
    receivers: [
      {name: 'null'},
      ...named.map(({receiver, name}) =>
        receiverEntry(name, receiver, `${secretDir(receiver.secretName)}/${receiver.secretKey}`),
      ),
    ],
    routes: [
      {receiver: 'null', matchers: ['alertname = "Watchdog"']},
      ...named.map(({receiver, name}) => ({
        receiver: name,
        // Pagers wake people up: critical only. Chat and mail also get warnings.
        matchers: [PAGING.has(receiver.type) ? 'severity = "critical"' : 'severity =~ "warning|critical"'],
        continue: true,
      })),
    ],
  }
}

function receiverEntry(name: string, receiver: AlertReceiver, file: string): Record<string, unknown> {
  switch (receiver.type) {
    case 'pagerduty':
      return {name, pagerduty_configs: [{routing_key_file: file, send_resolved: true}]}
    case 'opsgenie':
      return {name, opsgenie_configs: [{api_key_file: file, send_resolved: true}]}
    case 'email':
      return {
        name,
        email_configs: [
          {
            to: receiver.to,
            from: receiver.from,
            smarthost: receiver.smarthost,
            auth_username: receiver.username ?? receiver.from,
            auth_password_file: file,
            require_tls: true,
            send_resolved: true,
          },
        ],
      }
    case 'slack':
      return {
        name,
        slack_configs: [
          {api_url_file: file, ...(receiver.channel ? {channel: receiver.channel} : {}), send_resolved: true},
        ],
      }
  }
}

/** One prerequisite per referenced Secret, listing every key the receivers read from it. */
export function receiverSecrets(
  receivers: readonly AlertReceiver[],
  namespace: string,
): SecretPrerequisite[] {
  const bySecret = new Map<string, {keys: Set<string>; types: Set<string>}>()
  for (const receiver of receivers) {
    const entry = bySecret.get(receiver.secretName) ?? {keys: new Set(), types: new Set()}
    entry.keys.add(receiver.secretKey)
    entry.types.add(receiver.type)
    bySecret.set(receiver.secretName, entry)
  }
  return [...bySecret].map(([name, {keys, types}]) => ({
    namespace,
    name,
    keys: [...keys],
    why: `Alertmanager reads the ${[...types].join(', ')} credentials from this Secret, mounted as files.`,
  }))
}

export const kubePrometheusStack: Component = {
  id: 'kube-prometheus-stack',
  title: 'kube-prometheus-stack',
  category: 'metrics',
  collects: 'operator',
  uses: ['alertReceivers'],
  description:
    'Prometheus Operator with Prometheus, Alertmanager, node-exporter, kube-state-metrics and the kubernetes-mixin ' +
    'rules and dashboards; every chart in the stack is scraped through ServiceMonitors and PodMonitors.',
  lifecycle: {
    status: 'maintained',
    note: 'Actively maintained by the prometheus-community Helm charts project.',
  },
  // node-exporter needs hostNetwork, hostPID and hostPath.
  podSecurity: 'privileged',
  layeredOnly:
    'its Prometheus, Alertmanager, ServiceMonitors and PrometheusRules would be in the same release as ' +
    'their CRDs (prometheus-operator-crds ships them as templates), and Helm checks every kind of a ' +
    'release before it creates anything, so the install stops at "no matches for kind"',
  charts: [
    {
      alias: 'prometheus-operator-crds',
      chart: 'prometheus-operator-crds',
      version: '31.0.1',
      repository: 'https://prometheus-community.github.io/helm-charts',
      layer: 'crds',
      upstreamDir: 'prometheus-operator-crds',
      // prometheuses.monitoring.coreos.com alone is about 470 KiB.
      largeCrds: true,
    },
    {
      alias: 'kube-prometheus-stack',
      chart: 'kube-prometheus-stack',
      version: '88.5.3',
      repository: 'https://prometheus-community.github.io/helm-charts',
      layer: 'platform',
      upstreamDir: 'kube-prometheus-stack',
    },
  ],
  warnings(answers, _selection, cluster) {
    const warnings: string[] = []
    if (answers.alertReceivers.length === 0) {
      warnings.push(
        'No alert receivers: alerts only show in the Alertmanager UI. Add one with --alert-receiver ' +
          '(pagerduty, opsgenie, email or slack).',
      )
    }
    if (answers.alertReceivers.some((receiver) => receiver.type === 'opsgenie')) {
      warnings.push(
        `Atlassian ends Opsgenie support on ${OPSGENIE_END_OF_SUPPORT}: plan to move the opsgenie receiver to ` +
          'another one (pagerduty, email or slack) before that day.',
      )
    }
    if (cluster.controlPlaneMetricsLocal) {
      warnings.push(
        `${answers.cluster} binds the kube-controller-manager, kube-scheduler and etcd metrics to 127.0.0.1, so ` +
          'their targets stay down and alert: expose them (bind-address 0.0.0.0, etcd --listen-metrics-urls) or ' +
          'turn the monitors off with values (kubeControllerManager.enabled, kubeScheduler.enabled, kubeEtcd.enabled: false).',
      )
    }
    return warnings
  },
  mirror(registry) {
    // The operator, the Prometheus and Alertmanager it starts, its config reloader, the webhook
    // certificate Jobs and the subcharts (kube-state-metrics, node-exporter) all follow it.
    return settingsFor({
      'kube-prometheus-stack': [
        mirrorSet('global.imageRegistry', registry, 'quay.io, registry.k8s.io and ghcr.io'),
      ],
    })
  },
  // With cert-manager its CA injector fills the operator's admission webhooks (see configure);
  // without it, the chart's admission-patch Job (a Helm hook) does.
  rewrittenFields: (ctx) =>
    ctx.has('cert-manager')
      ? injectedWebhookCa('kube-prometheus-stack')
      : writtenWebhookCa(
          'kube-prometheus-stack',
          "kube-prometheus-stack's admission-patch Job writes this caBundle after install",
        ),
  configure(ctx) {
    const {answers} = ctx
    const grafana = ctx.has('grafana')
    const managed = ctx.cluster.managedControlPlane
    const receivers = answers.alertReceivers
    const config = alertmanagerConfig(receivers, (secret) => `/etc/alertmanager/secrets/${secret}`)
    const selectors = ['serviceMonitor', 'podMonitor', 'rule', 'probe', 'scrapeConfig'].map((kind) =>
      set(
        `prometheus.prometheusSpec.${kind}SelectorNilUsesHelmValues`,
        false,
        `Select ${kind} objects from every release, not only those labelled release=<this release>.`,
      ),
    )
    return settingsFor({
      'prometheus-operator-crds': [],
      'kube-prometheus-stack': [
        set(
          'fullnameOverride',
          KPS_FULLNAME,
          'Fixed resource names (kube-prometheus-prometheus, kube-prometheus-alertmanager) that do not depend on the release name.',
        ),
        set(
          'crds.enabled',
          false,
          'The CRDs come from the prometheus-operator-crds release in the CRDs layer: upgradable, and they keep this release under 1 MiB.',
        ),
        ...selectors,
        set(
          'prometheus.prometheusSpec.retentionSize',
          '45GB',
          'Delete the oldest data before the 50Gi volume fills up.',
        ),
        set(
          'prometheus.prometheusSpec.storageSpec',
          {
            volumeClaimTemplate: {
              spec: {accessModes: ['ReadWriteOnce'], resources: {requests: {storage: '50Gi'}}},
            },
          },
          'Metrics survive pod restarts on a persistent volume from the default StorageClass.',
        ),
        set(
          'alertmanager.alertmanagerSpec.storage',
          {
            volumeClaimTemplate: {
              spec: {accessModes: ['ReadWriteOnce'], resources: {requests: {storage: '2Gi'}}},
            },
          },
          'Silences and the notification log survive Alertmanager restarts.',
        ),
        set(
          'grafana.enabled',
          false,
          'Grafana is the standalone grafana component, never a second one inside this chart.',
        ),
        grafana &&
          set(
            'grafana.forceDeployDashboards',
            true,
            "Ship the kubernetes-mixin dashboards as grafana_dashboard ConfigMaps for Grafana's sidecar.",
          ),
        grafana &&
          set(
            'grafana.forceDeployDatasources',
            false,
            'Grafana gets its datasources from prodstack; a second datasource ConfigMap would add a second default.',
          ),
        ctx.has('cert-manager') &&
          set(
            'prometheusOperator.admissionWebhooks.certManager.enabled',
            true,
            'cert-manager issues the operator webhook certificate instead of pre-install hook Jobs.',
          ),
        ...(managed
          ? (['kubeControllerManager', 'kubeScheduler', 'kubeEtcd'] as const).map((key) =>
              set(
                `${key}.enabled`,
                false,
                `${answers.cluster} runs the control plane out of reach: no targets, only false alerts.`,
              ),
            )
          : []),
        ...additionalMonitors(ctx.scrapeTargets()),
        receivers.length > 0 &&
          set(
            'alertmanager.alertmanagerSpec.secrets',
            [...new Set(receivers.map((receiver) => receiver.secretName))],
            'Mount the receiver Secrets at /etc/alertmanager/secrets/<name>/ so no credential is written in values.',
          ),
        receivers.length > 0 &&
          set(
            'alertmanager.config.receivers',
            config.receivers,
            "The chosen receivers, reading credentials from mounted files; 'null' is kept for the default and Watchdog routes.",
          ),
        receivers.length > 0 &&
          set(
            'alertmanager.config.route.routes',
            config.routes,
            'Watchdog stays silenced; critical alerts page, warnings and critical alerts go to chat and mail.',
          ),
      ],
    })
  },
  datasources(ctx) {
    const namespace = ctx.namespaceOf('kube-prometheus-stack')
    const prometheus: GrafanaDatasource = {
      name: 'Prometheus',
      type: 'prometheus',
      uid: 'prometheus',
      url: `http://${serviceHost(KPS_PROMETHEUS_SERVICE, namespace)}:9090`,
      access: 'proxy',
      isDefault: true,
      jsonData: {httpMethod: 'POST'},
    }
    const alertmanager: GrafanaDatasource = {
      name: 'Alertmanager',
      type: 'alertmanager',
      uid: 'alertmanager',
      url: `http://${serviceHost(KPS_ALERTMANAGER_SERVICE, namespace)}:9093`,
      access: 'proxy',
      isDefault: false,
      jsonData: {implementation: 'prometheus', handleGrafanaManagedAlerts: false},
    }
    return [prometheus, alertmanager]
  },
  prerequisites(ctx) {
    return receiverSecrets(ctx.answers.alertReceivers, ctx.namespaceOf('kube-prometheus-stack'))
  },
}

/** Monitors other components ask for (their charts ship none), as the chart's additional monitors. */
function additionalMonitors(targets: ScrapeTargets): Setting[] {
  const entry = (path: string, monitors: Monitor[]) =>
    monitors.length > 0 &&
    set(
      path,
      monitors.map((monitor) => monitor.spec),
      monitors.map((monitor) => monitor.why).join(' '),
    )
  return [
    entry('prometheus.additionalServiceMonitors', targets.serviceMonitors),
    entry('prometheus.additionalPodMonitors', targets.podMonitors),
  ].filter((setting): setting is Setting => Boolean(setting))
}
