import type {Answers} from '../../answers/schema.js'
import {ANY_COLLECTOR, mirrored, mirrorSet, set, settingsFor} from '../settings.js'
import type {Component, RewrittenField} from '../types.js'

const ISTIOD_PATCHES = "istiod's webhook controller writes its CA into this caBundle"
const ISTIOD_FAILURE_POLICY =
  "Istio's charts render failurePolicy Ignore on the first install; istiod's webhook controller switches it to Fail once its webhook serves"

/** What istiod rewrites in the validating webhooks of a chart (the default validator, its own). */
function istiodValidatorFields(alias: string): RewrittenField[] {
  const kind = 'ValidatingWebhookConfiguration'
  const group = 'admissionregistration.k8s.io'
  return [
    {alias, group, kind, jqPath: '.webhooks[]?.clientConfig.caBundle', why: `${ISTIOD_PATCHES} (${alias}).`},
    {alias, group, kind, jqPath: '.webhooks[]?.failurePolicy', why: `${ISTIOD_FAILURE_POLICY} (${alias}).`},
  ]
}

/** Every Istio chart comes from one release: base, istiod, gateway, cni and ztunnel share it. */
export const ISTIO_CHARTS = {
  version: '1.30.3',
  repository: 'https://istio-release.storage.googleapis.com/charts',
}

export const ISTIO_MODES = ['ambient', 'sidecar'] as const
export type IstioMode = (typeof ISTIO_MODES)[number]

/** The data plane an Istio stack runs: ambient (ztunnel on every node) unless the answers say sidecar. */
export function istioModeOf(answers: Answers | Record<string, unknown>): IstioMode {
  return (answers as Record<string, unknown>).istioMode === 'sidecar' ? 'sidecar' : 'ambient'
}

/** The label that puts a namespace's pods into the ambient mesh. */
export const AMBIENT_NAMESPACE_LABEL = 'istio.io/dataplane-mode=ambient'

/** Name of the gateway Deployment and Service; its pods get the usual `istio: ingressgateway` label. */
export const ISTIO_GATEWAY_NAME = 'istio-ingressgateway'

export const istio: Component = {
  id: 'istio',
  title: 'Istio',
  category: 'mesh',
  scrapedBy: ANY_COLLECTOR,
  description:
    'Service mesh: mTLS between workloads, traffic management and telemetry, plus an Istio ingress gateway. ' +
    'Ambient mode (the default) runs a node proxy, ztunnel, instead of a sidecar in every pod; ' +
    '--istio-mode sidecar keeps sidecar proxies. Installed as base (CRDs), istiod, then the gateway.',
  lifecycle: {status: 'maintained', note: 'Actively maintained CNCF graduated project.'},
  // istiod is the main chart (last), so the planner's namespace override applies to the mesh layer.
  charts: [
    {
      alias: 'istio-base',
      chart: 'base',
      ...ISTIO_CHARTS,
      layer: 'crds',
      upstreamDir: 'istio-base',
    },
    {
      alias: 'istio-gateway',
      chart: 'gateway',
      ...ISTIO_CHARTS,
      layer: 'platform',
      upstreamDir: 'istio-gateway',
    },
    {
      alias: 'istiod',
      chart: 'istiod',
      ...ISTIO_CHARTS,
      layer: 'mesh',
      upstreamDir: 'istiod',
    },
  ],
  answers: [
    {
      key: 'istioMode',
      flag: 'istio-mode',
      question: 'Istio data plane',
      help: 'Istio data plane: ambient (ztunnel node proxies) or sidecar (an Envoy in every pod).',
      order: 9.1,
      schema: {
        type: 'string',
        enum: [...ISTIO_MODES],
        description:
          'Istio data plane. `ambient`: istio-cni and ztunnel on every node, no sidecars (Istio recommends it for new ' +
          'meshes). `sidecar`: an Envoy proxy injected into every meshed pod. Stacks written before this answer ' +
          'existed keep sidecar.',
      },
      default: 'ambient',
      // Stacks generated before ambient mode was offered ran sidecars: regenerating them must not switch modes.
      earlierStacks: 'sidecar',
      after: ['mesh'],
      applies: (answers) => answers.mesh === 'istio',
    },
  ],
  namespace: () => 'istio-system',
  warnings(answers) {
    const warnings =
      istioModeOf(answers) === 'ambient'
        ? [
            `Ambient mode is opt-in per namespace: label application namespaces with ${AMBIENT_NAMESPACE_LABEL}. ` +
              'Their pods need no sidecar and no restart; L7 policies and routing need a waypoint proxy ' +
              '(istioctl waypoint apply -n NAMESPACE).',
          ]
        : [
            'Sidecar injection is opt-in: label application namespaces with istio-injection=enabled. Injected pods run ' +
              'the istio-init container (NET_ADMIN, NET_RAW), so those namespaces need the privileged Pod Security level.',
          ]
    if (answers.ingress !== 'none') {
      warnings.push(
        `The Istio ingress gateway gets its own LoadBalancer Service next to ${answers.ingress}; send mesh traffic ` +
          'through one entry point, or set `values: {istio-gateway: {service: {type: ClusterIP}}}`.',
      )
    }
    return warnings
  },
  // Istio's charts ship no monitors: the operator scrapes istiod (15014) and every Envoy (15090) through these.
  scrapeTargets(ctx) {
    const namespace = ctx.namespaceOf('istio')
    return {
      serviceMonitors: [
        {
          spec: {
            name: 'istiod',
            selector: {matchLabels: {istio: 'pilot'}},
            namespaceSelector: {matchNames: [namespace]},
            endpoints: [{port: 'http-monitoring', interval: '15s'}],
          },
          why: 'istiod control-plane metrics on port 15014 (http-monitoring); the Istio charts ship no ServiceMonitor.',
        },
      ],
      podMonitors: [
        {
          spec: {
            name: 'istio-proxies',
            selector: {matchExpressions: [{key: 'istio-prometheus-ignore', operator: 'DoesNotExist'}]},
            namespaceSelector: {any: true},
            podMetricsEndpoints: [{port: 'http-envoy-prom', path: '/stats/prometheus', interval: '15s'}],
          },
          why: 'Envoy metrics of every sidecar and gateway on port 15090 (http-envoy-prom); pods without that port are skipped.',
        },
      ],
    }
  },
  mirror(registry) {
    // istiod, and the proxy it injects into gateways and meshed pods, come from this hub.
    return settingsFor({
      istiod: [mirrorSet('global.hub', mirrored(registry, 'docker.io/istio'), 'docker.io/istio')],
    })
  },
  rewrittenFields: () => [
    ...istiodValidatorFields('istio-base'),
    ...istiodValidatorFields('istiod'),
    {
      alias: 'istiod',
      group: 'admissionregistration.k8s.io',
      kind: 'MutatingWebhookConfiguration',
      jqPath: '.webhooks[]?.clientConfig.caBundle',
      why: `${ISTIOD_PATCHES} (the sidecar injector).`,
    },
  ],
  configure(ctx) {
    // Every chart gets its own `global`: a parent-level global block would be shared with every subchart.
    const istioNamespace = ctx.namespaceOf('istio')
    const monitoring = ctx.monitoring
    const ambient = istioModeOf(ctx.answers) === 'ambient'
    return settingsFor({
      'istio-base': [
        set(
          'global.istioNamespace',
          istioNamespace,
          "Base installs in the CRDs layer; its default validating webhook must point at istiod's namespace.",
        ),
        set(
          'global.resourceScope',
          'cluster',
          'Only cluster-scoped objects (CRDs, the default webhook) belong in the CRDs layer; the namespaced reader ' +
            'ServiceAccount is for multicluster only and its namespace does not exist yet.',
        ),
      ],
      istiod: [
        set(
          'global.istioNamespace',
          istioNamespace,
          'Injected proxies and RBAC locate istiod in this namespace.',
        ),
        set(
          'autoscaleMin',
          2,
          'Two istiod replicas: with one, its PodDisruptionBudget (minAvailable 1) blocks every node drain.',
        ),
        set(
          'seccompProfile',
          {type: 'RuntimeDefault'},
          'RuntimeDefault seccomp, so istiod meets the restricted Pod Security level.',
        ),
        ambient &&
          set(
            'profile',
            'ambient',
            "Istio's ambient profile: istiod serves ztunnel and the istio-cni node agent (same profile in their charts).",
          ),
        !ambient &&
          monitoring === 'annotations' &&
          set(
            'meshConfig.enablePrometheusMerge',
            true,
            'Sidecars merge application and Envoy metrics on port 15020 behind prometheus.io annotations, which the standalone Prometheus scrapes.',
          ),
      ],
      'istio-gateway': [
        set(
          'name',
          ISTIO_GATEWAY_NAME,
          'A fixed name instead of the layer release name, so Gateway resources select istio: ingressgateway.',
        ),
        set('autoscaling.minReplicas', 2, 'Two gateway pods, so a node drain never drops ingress traffic.'),
        set('podDisruptionBudget.minAvailable', 1, 'Keep one gateway pod during voluntary disruptions.'),
        set(
          'securityContext',
          {
            sysctls: [{name: 'net.ipv4.ip_unprivileged_port_start', value: '0'}],
            seccompProfile: {type: 'RuntimeDefault'},
          },
          "The chart's default (bind ports 80/443 without privileges) plus RuntimeDefault seccomp for the restricted Pod Security level.",
        ),
      ],
    })
  },
}
