import {
  ANY_COLLECTOR,
  certificateAnnotations,
  mirrorSet,
  secretFileMount,
  set,
  settingsFor,
} from '../settings.js'
import type {Component, GrafanaDatasource, SecretFile} from '../types.js'

const ADMIN_SECRET = 'grafana-admin'
const METRICS_PORT = '3000'
const OPENSEARCH_PLUGIN = 'grafana-opensearch-datasource'
/** Components whose datasources give Grafana something to show. */
function offeredAsDefault(source: GrafanaDatasource): boolean {
  return source.isDefault === true
}

/**
 * Grafana's provisioning entries. Exactly one is the default: the first one offered as default
 * (Prometheus when present), otherwise the first one.
 */
export function provisionedDatasources(sources: GrafanaDatasource[]): Record<string, unknown>[] {
  const chosen = Math.max(0, sources.findIndex(offeredAsDefault))
  return sources.map(({env: _env, ca, ...source}, index) => ({
    ...source,
    ...(ca
      ? {
          jsonData: {...source.jsonData, tlsAuthWithCACert: true},
          secureJsonData: {...source.secureJsonData, tlsCACert: `$__file{${caMount(source.uid, ca).path}}`},
        }
      : {}),
    isDefault: index === chosen,
    editable: false,
  }))
}

/** Where a datasource's CA certificate is mounted in the Grafana pod. */
function caMount(uid: string, ca: SecretFile) {
  return secretFileMount(ca, `ca-${uid}`, `/etc/grafana/datasource-ca/${uid}`)
}

export const grafana: Component = {
  id: 'grafana',
  title: 'Grafana',
  category: 'dashboards',
  ui: 'grafana',
  readsDatasources: true,
  scrapedBy: ANY_COLLECTOR,
  description:
    "Dashboards and Explore over the stack's metrics and logs, with every datasource provisioned and dashboards " +
    'collected from labelled ConfigMaps.',
  lifecycle: {
    status: 'moved',
    note:
      'The Grafana chart moved from grafana/helm-charts (deprecated after 10.5.15) to ' +
      'grafana-community/helm-charts in January 2026; prodstack pins the community chart.',
  },
  charts: [
    {
      alias: 'grafana',
      chart: 'grafana',
      version: '12.11.1',
      repository: 'https://grafana-community.github.io/helm-charts',
      layer: 'platform',
      upstreamDir: 'grafana',
    },
  ],
  warnings(_answers, selection) {
    return selection.components.some((component) => component.datasources)
      ? []
      : ['Grafana has no datasource in this stack; pass --metrics kube-prometheus-stack or --log-store loki.']
  },
  mirror(registry) {
    // Every image of the chart (Grafana, its sidecars and init containers) follows it.
    return settingsFor({grafana: [mirrorSet('global.imageRegistry', registry, 'docker.io and quay.io')]})
  },
  configure(ctx) {
    const sources = ctx.datasources()
    const env = Object.fromEntries(
      sources
        .flatMap((source) => source.env ?? [])
        .map((entry) => [entry.name, {secretKeyRef: {name: entry.secretName, key: entry.secretKey}}]),
    )
    const host = ctx.hostFor('grafana')
    const exposed = host !== undefined
    const monitoring = ctx.monitoring
    return settingsFor({
      grafana: [
        set(
          'admin.existingSecret',
          ADMIN_SECRET,
          'Admin user and password from the grafana-admin Secret (keys admin-user, admin-password): no default ' +
            'password, and no random one that changes on every render.',
        ),
        sources.length > 0 &&
          set(
            ['datasources', 'datasources.yaml'],
            {apiVersion: 1, datasources: provisionedDatasources(sources)},
            `Datasources of the stack: ${sources.map((source) => source.name).join(', ')}; exactly one is the default.`,
          ),
        Object.keys(env).length > 0 &&
          set(
            'envValueFrom',
            env,
            "Datasource passwords, read from the stores' Secrets and expanded in the datasource provisioning.",
          ),
        sources.some((source) => source.ca) &&
          set(
            'extraSecretMounts',
            sources.flatMap((source) => {
              if (!source.ca) return []
              const {mount} = caMount(source.uid, source.ca)
              return [
                {
                  name: mount.name,
                  mountPath: mount.mountPath,
                  secretName: source.ca.secretName,
                  readOnly: true,
                },
              ]
            }),
            'The CA certificates of datasources served over TLS, so Grafana verifies them instead of skipping the check.',
          ),
        ctx.has('opensearch') &&
          set(
            'plugins',
            [OPENSEARCH_PLUGIN],
            'Grafana has no built-in OpenSearch datasource; this is the plugin.',
          ),
        set('sidecar.dashboards.enabled', true, 'Collect dashboards from ConfigMaps other charts create.'),
        set(
          'sidecar.dashboards.label',
          'grafana_dashboard',
          'The label kube-prometheus-stack, Cilium, Loki and Fluent Bit put on their dashboard ConfigMaps.',
        ),
        set('sidecar.dashboards.searchNamespace', 'ALL', 'Those ConfigMaps live in other namespaces too.'),
        set(
          ['grafana.ini', 'analytics'],
          {reporting_enabled: false, check_for_updates: false, check_for_plugin_updates: false},
          'No usage reporting and no update checks against grafana.com.',
        ),
        set(
          'persistence.enabled',
          true,
          'Keep dashboards, users and settings made in the UI across restarts.',
        ),
        set(
          'initChownData.enabled',
          false,
          "The pod's fsGroup already owns the volume; the chown init container runs as root, which the " +
            'baseline and restricted Pod Security levels refuse.',
        ),
        set(
          'deploymentStrategy',
          {type: 'Recreate'},
          'The ReadWriteOnce volume cannot be attached to an old and a new pod at once.',
        ),
        exposed && set('ingress.enabled', true, `Grafana is served at https://${host}.`),
        exposed &&
          set('ingress.ingressClassName', ctx.ingressClass, "The stack's ingress controller serves it."),
        exposed &&
          set(
            'ingress.annotations',
            certificateAnnotations(ctx.answers),
            'cert-manager issues the certificate from the chosen ClusterIssuer.',
          ),
        exposed && set('ingress.hosts', [host], 'Host name under the stack domain.'),
        exposed &&
          set(
            'ingress.tls',
            [{secretName: 'grafana-tls', hosts: [host]}],
            'Nothing is exposed without TLS; cert-manager writes the certificate to this Secret.',
          ),
        exposed &&
          set(
            ['grafana.ini', 'server'],
            {root_url: `https://${host}`},
            'Grafana builds links and login redirects from its public URL.',
          ),
        monitoring === 'operator' &&
          set(
            'serviceMonitor.enabled',
            true,
            'kube-prometheus-stack scrapes Grafana through a ServiceMonitor.',
          ),
        monitoring === 'annotations' &&
          set(
            'podAnnotations',
            {
              'prometheus.io/scrape': 'true',
              'prometheus.io/port': METRICS_PORT,
              'prometheus.io/path': '/metrics',
            },
            'The standalone Prometheus finds Grafana through its scrape annotations.',
          ),
      ],
    })
  },
  prerequisites(ctx) {
    return [
      {
        namespace: ctx.namespaceOf('grafana'),
        name: ADMIN_SECRET,
        keys: ['admin-user', 'admin-password'],
        why: "Grafana's admin login; prodstack sets no default password.",
      },
    ]
  },
}
