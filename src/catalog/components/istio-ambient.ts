import {ANY_COLLECTOR, mirrored, mirrorSet, set, settingsFor} from '../settings.js'
import type {Component, WiringContext} from '../types.js'
import {ISTIO_CHARTS, istioModeOf} from './istio.js'

/** Istio's platform profiles for the node agents (CNI paths, GKE's kube-system quota for node-critical pods). */
const PLATFORM_PROFILES = new Set(['k3s', 'gke'])

/** The settings istio-cni and ztunnel share: the ambient profile, and the cluster's platform profile. */
function profileSettings(ctx: WiringContext, chart: string) {
  const platform = PLATFORM_PROFILES.has(ctx.cluster.id) ? ctx.cluster.id : undefined
  return [
    set('profile', 'ambient', `Istio's ambient profile, as in istiod's chart (${chart}).`),
    platform &&
      set(
        'platform',
        platform,
        `Istio's ${platform} platform profile: where ${ctx.cluster.id} nodes keep CNI binaries and configuration.`,
      ),
  ]
}

/**
 * Istio's ambient data plane: the istio-cni node agent, chained onto the cluster's CNI, redirects
 * meshed pods' traffic to ztunnel, the per-node proxy that carries mTLS. Part of Istio, chosen by
 * `--istio-mode ambient`; a module of its own because its charts live in other layers than istiod.
 */
export const istioAmbient: Component = {
  id: 'istio-ambient',
  title: 'Istio ambient data plane',
  category: 'mesh',
  description:
    'istio-cni (a node agent chained onto the pod network, in kube-system) and ztunnel (the per-node proxy that ' +
    "carries the mesh's mTLS) for Istio's ambient mode.",
  lifecycle: {
    status: 'maintained',
    note: "Part of Istio; ambient mode is Istio's recommended data plane for new meshes.",
  },
  // Both are node agents: ztunnel adds NET_ADMIN and SYS_ADMIN and enters pods' network namespaces.
  podSecurity: 'privileged',
  scrapedBy: ANY_COLLECTOR,
  charts: [
    {
      alias: 'istio-cni',
      chart: 'cni',
      ...ISTIO_CHARTS,
      // Chained onto the CNI, as a node-critical DaemonSet in kube-system, as Istio's README advises.
      layer: 'network',
      upstreamDir: 'istio-cni',
    },
    {
      alias: 'ztunnel',
      chart: 'ztunnel',
      ...ISTIO_CHARTS,
      layer: 'mesh',
      upstreamDir: 'istio-ztunnel',
    },
  ],
  chosenBy: (answers) => answers.mesh === 'istio' && istioModeOf(answers) === 'ambient',
  chosenByAnswer: 'istioMode',
  namespace: () => 'istio-system',
  warnings(_answers, selection) {
    const warnings: string[] = []
    if (selection.has('calico'))
      warnings.push(
        "Calico and Istio ambient: Felix's workloadSourceSpoofing is set to Any (the default FelixConfiguration), " +
          'so ztunnel can send traffic on behalf of the pods it serves.',
      )
    return warnings
  },
  // The charts' pod annotations already serve the standalone Prometheus; the operator needs monitors.
  scrapeTargets(ctx) {
    return {
      serviceMonitors: [],
      podMonitors: [
        {
          spec: {
            name: 'ztunnel',
            selector: {matchLabels: {app: 'ztunnel'}},
            namespaceSelector: {matchNames: [ctx.namespaceOf('istio-ambient')]},
            podMetricsEndpoints: [{port: 'ztunnel-stats', path: '/stats/prometheus', interval: '15s'}],
          },
          why: 'ztunnel metrics on port 15020 (ztunnel-stats); its chart ships no monitor.',
        },
        {
          spec: {
            name: 'istio-cni',
            selector: {matchLabels: {'k8s-app': 'istio-cni-node'}},
            namespaceSelector: {matchNames: ['kube-system']},
            podMetricsEndpoints: [{port: 'metrics', interval: '30s'}],
          },
          why: 'istio-cni node agent metrics on port 15014; its chart ships no monitor.',
        },
      ],
    }
  },
  mirror(registry) {
    const hub = mirrored(registry, 'docker.io/istio')
    return settingsFor({
      'istio-cni': [mirrorSet('global.hub', hub, 'docker.io/istio')],
      ztunnel: [mirrorSet('hub', hub, 'docker.io/istio')],
    })
  },
  configure(ctx) {
    return settingsFor({
      'istio-cni': [
        ...profileSettings(ctx, 'istio-cni'),
        // The chart finds GKE's directory with a lookup, which helm template (GitOps engines) cannot do.
        ctx.cluster.id === 'gke' &&
          set('cniBinDir', '/home/kubernetes/bin', 'Where GKE nodes keep CNI plugins.'),
        set(
          'seccompProfile',
          {type: 'RuntimeDefault'},
          'RuntimeDefault seccomp for the node agent; the chart leaves it unset.',
        ),
      ],
      ztunnel: [
        ...profileSettings(ctx, 'ztunnel'),
        set(
          'istioNamespace',
          ctx.namespaceOf('istio'),
          'ztunnel gets its certificates and configuration from istiod in this namespace.',
        ),
      ],
    })
  },
}
