import {ANY_COLLECTOR, mirrorSet, serviceHost, set, settingsFor} from '../settings.js'
import type {Component, GrafanaDatasource, LogSink, WiringContext} from '../types.js'

const LOKI_NAME = 'loki'
/** The gateway (nginx) Service; clients push and query through it on port 80. */
const GATEWAY_SERVICE = `${LOKI_NAME}-gateway`
const GATEWAY_PORT = 80
const HTTP_METRICS_PORT = '3100'

function gatewayHost(ctx: WiringContext): string {
  return serviceHost(GATEWAY_SERVICE, ctx.namespaceOf('loki'))
}

/**
 * Loki keeps multi-tenancy on; the stack has one tenant named after the stack, and every client (log agents,
 * Grafana) sends it as X-Scope-OrgID.
 */
function tenantOf(ctx: WiringContext): string {
  return ctx.answers.name
}

export const loki: Component = {
  id: 'loki',
  title: 'Loki',
  category: 'log-store',
  scrapedBy: ANY_COLLECTOR,
  description:
    'Grafana Loki log store in monolithic mode: one replica with a persistent volume, indexing labels only, ' +
    'queried from Grafana.',
  lifecycle: {
    status: 'moved',
    note:
      'The open-source Loki chart moved from grafana/helm-charts to grafana-community/helm-charts in March 2026 ' +
      '(grafana/loki now serves Enterprise Logs only); prodstack pins the community chart.',
  },
  charts: [
    {
      alias: 'loki',
      chart: 'loki',
      version: '18.11.0',
      repository: 'https://grafana-community.github.io/helm-charts',
      layer: 'platform',
      upstreamDir: 'loki',
    },
  ],
  warnings(answers) {
    return answers.logging === 'none'
      ? ['No log agent is chosen, so nothing ships logs to Loki; pass --logging fluent-bit.']
      : []
  },
  mirror(registry) {
    // Loki, its gateway, caches, exporters and sidecar all take the global registry first.
    return settingsFor({
      loki: [mirrorSet('global.imageRegistry', registry, 'docker.io, quay.io and ghcr.io')],
    })
  },
  configure(ctx) {
    const monitoring = ctx.monitoring
    const tenant = tenantOf(ctx)
    return settingsFor({
      loki: [
        set(
          'fullnameOverride',
          LOKI_NAME,
          'Fixed name, so the gateway Service is loki-gateway whatever the release is called; log agents and ' +
            'Grafana use it.',
        ),
        set(
          'deploymentMode',
          'Monolithic',
          'One binary runs every Loki target: enough for a few tens of GB of logs a day, and it needs no ' +
            'object storage.',
        ),
        set(
          'loki.auth_enabled',
          true,
          `Multi-tenancy stays on: requests without a tenant are refused. The stack's tenant is "${tenant}", ` +
            'which log agents and Grafana send as X-Scope-OrgID.',
        ),
        set(
          'loki.commonConfig.replication_factor',
          1,
          'One replica holds each stream (the default 3 needs 3 replicas).',
        ),
        set('loki.storage.type', 'filesystem', "Chunks and index live on the replica's persistent volume."),
        set(
          'loki.schemaConfig',
          {
            configs: [
              {
                from: '2024-04-01',
                store: 'tsdb',
                object_store: 'filesystem',
                schema: 'v13',
                index: {prefix: 'loki_index_', period: '24h'},
              },
            ],
          },
          'Loki needs an explicit schema; TSDB index with schema v13, daily index tables.',
        ),
        set(
          'loki.limits_config.retention_period',
          '744h',
          'Keep logs for 31 days; the compactor deletes older ones.',
        ),
        set(
          'loki.compactor',
          {retention_enabled: true, delete_request_store: 'filesystem'},
          'The compactor applies the retention period, so the volume does not fill up.',
        ),
        set('loki.analytics', {reporting_enabled: false}, 'No usage reports to Grafana Labs.'),
        set('singleBinary.replicas', 1, 'Filesystem storage allows exactly one replica.'),
        set('singleBinary.persistence.size', '50Gi', 'Room for 31 days of logs at a few GB a day.'),
        set(
          'read.replicas',
          0,
          'No simple-scalable targets in monolithic mode (the chart refuses both at once).',
        ),
        set('write.replicas', 0, 'No simple-scalable targets in monolithic mode.'),
        set('backend.replicas', 0, 'No simple-scalable targets in monolithic mode.'),
        set(
          'chunksCache.enabled',
          false,
          'Chunks are on the local volume already; the memcached chunks cache would ask for 8 GiB.',
        ),
        set(
          'resultsCache.allocatedMemory',
          512,
          'A small query-results cache (MB) for dashboards; the default asks for 1 GiB.',
        ),
        set(
          'lokiCanary.enabled',
          false,
          "No canary DaemonSet writing synthetic logs on every node; Loki's own metrics show ingestion health.",
        ),
        set('test.enabled', false, 'The Helm test needs the canary.'),
        set('gateway.enabled', true, 'Clients reach Loki through the gateway Service on port 80.'),
        monitoring === 'operator' &&
          set(
            'monitoring.serviceMonitor.enabled',
            true,
            'kube-prometheus-stack scrapes Loki through ServiceMonitors.',
          ),
        monitoring === 'operator' &&
          set('monitoring.rules.enabled', true, 'Recording rules the Loki dashboards query.'),
        monitoring === 'operator' &&
          set('monitoring.alerts.enabled', true, 'Loki alerts, routed by Alertmanager.'),
        monitoring === 'annotations' &&
          set(
            'singleBinary.podAnnotations',
            {
              'prometheus.io/scrape': 'true',
              'prometheus.io/port': HTTP_METRICS_PORT,
              'prometheus.io/path': '/metrics',
            },
            'The standalone Prometheus finds Loki through its scrape annotations.',
          ),
        monitoring !== 'none' &&
          ctx.has('grafana') &&
          set(
            'monitoring.dashboards.enabled',
            true,
            "Loki dashboards as labelled ConfigMaps, picked up by Grafana's dashboard sidecar.",
          ),
      ],
    })
  },
  logSink(ctx): LogSink {
    return {kind: 'loki', host: gatewayHost(ctx), port: GATEWAY_PORT, tls: false, tenant: tenantOf(ctx)}
  },
  datasources(ctx): GrafanaDatasource[] {
    return [
      {
        name: 'Loki',
        type: 'loki',
        uid: 'loki',
        url: `http://${gatewayHost(ctx)}:${GATEWAY_PORT}`,
        access: 'proxy',
        jsonData: {httpHeaderName1: 'X-Scope-OrgID'},
        secureJsonData: {httpHeaderValue1: tenantOf(ctx)},
      },
    ]
  },
}
