import type {Answers} from '../answers/schema.js'

export const CATEGORIES = [
  {id: 'cni', title: 'Pod network (CNI)'},
  {id: 'ingress', title: 'Ingress controller'},
  {id: 'mesh', title: 'Service mesh'},
  {id: 'metrics', title: 'Metrics and alerting'},
  {id: 'logging', title: 'Log agent'},
  {id: 'log-store', title: 'Log store'},
  {id: 'dashboards', title: 'Dashboards'},
  {id: 'essentials', title: 'Essentials'},
] as const

export type Category = (typeof CATEGORIES)[number]['id']

/**
 * Install layers, in order. Helm neither orders subcharts nor lets a custom resource use a CRD
 * installed as a template of the same release, so each layer is its own release, installed after
 * the previous one is ready.
 */
export const LAYERS = [
  {
    id: 'crds',
    title: 'CRDs',
    namespace: 'kube-system',
    why: 'CustomResourceDefinitions first: later layers create custom resources of these kinds, and CRD charts can be upgraded on their own.',
    // CRD charts are large (Calico's alone is ~0.8 MiB as a Helm release record) and Helm caps a
    // release at 1 MiB, so each component's CRDs are a release of their own.
    releasePerComponent: true,
  },
  {
    id: 'network',
    title: 'Pod network',
    namespace: 'kube-system',
    why: 'No pod can get an IP address until the CNI runs, so it is installed before anything with pods.',
  },
  {
    id: 'cert-manager',
    title: 'cert-manager',
    namespace: 'cert-manager',
    why: 'cert-manager is installed once per cluster, on its own, before anything that asks it for certificates.',
  },
  {
    id: 'operators',
    title: 'Operators',
    namespace: 'elastic-system',
    why: 'Operators must run before the custom resources they reconcile are created.',
  },
  {
    id: 'mesh',
    title: 'Service mesh control plane',
    namespace: 'istio-system',
    why: "The mesh control plane's injection webhook must be ready before gateways and meshed workloads start.",
  },
  {
    id: 'platform',
    title: 'Platform services',
    namespace: 'platform',
    why: 'Ingress, observability and dashboards, once the network, certificates, operators and mesh are in place.',
  },
] as const

export type LayerId = (typeof LAYERS)[number]['id']

export type LifecycleStatus = 'maintained' | 'retired' | 'unmaintained' | 'moved' | 'edge-only'

export interface Lifecycle {
  status: LifecycleStatus
  /** One sentence a user sees at selection time and in the README. */
  note: string
  /** Components to use instead (for retired / unmaintained ones). */
  alternatives?: string[]
}

/**
 * One Helm chart a component installs. A component's last chart is its main chart: the component's
 * namespace (`namespaceOf`, `Component.namespace`) is that chart's.
 */
export interface ChartSpec {
  /** Dependency alias and values key in the generated chart; unique across the catalog. */
  alias: string
  /** Chart name in its repository (must equal the chart's own Chart.yaml name). */
  chart: string
  /** Exact pinned version. */
  version: string
  /** Helm repository URL, or `file://` for a chart shipped in charts/. */
  repository: string
  layer: LayerId
  /** Directory of shared/upstream/<dir> with this chart's real values, for conformance tests. */
  upstreamDir?: string
}

/** One value prodstack sets in a subchart, with the reason that becomes its `# --` comment. */
export interface Setting {
  path: string[]
  value: unknown
  why: string
}

export type ChartSettings = Record<string, Setting[]>

export interface GrafanaDatasource {
  name: string
  /** At most one datasource in a plan is the default; Grafana picks the first offered if none is. */
  isDefault?: boolean
  type: string
  uid: string
  url: string
  access: 'proxy'
  jsonData?: Record<string, unknown>
  secureJsonData?: Record<string, unknown>
  basicAuth?: boolean
  basicAuthUser?: string
  /** Environment variables Grafana needs for this datasource, read from existing Secrets. */
  env?: SecretEnv[]
  /** CA certificate to verify the datasource's TLS endpoint with. */
  ca?: SecretFile
}

export interface SecretEnv {
  name: string
  secretName: string
  secretKey: string
}

/** Where a log agent sends logs, as offered by a log store. */
export interface LogSink {
  kind: 'loki' | 'elasticsearch' | 'opensearch'
  host: string
  port: number
  tls: boolean
  user?: string
  /** Password Secret, in the store's namespace; the agent reads it through an env variable. */
  password?: SecretEnv
  /** Loki tenant header value when multi-tenancy is on. */
  tenant?: string
  /** CA certificate of the store's TLS endpoint; when given, clients verify the store against it. */
  ca?: SecretFile
}

/** A key of an existing Secret, mounted as a file by whoever reads it. */
export interface SecretFile {
  secretName: string
  secretKey: string
}

/** A web UI exposed through the ingress, with TLS. */
export interface ExposedUi {
  component: string
  host: string
}

/** A Secret the user creates before installing, because prodstack never writes credentials. */
export interface SecretPrerequisite {
  namespace: string
  name: string
  keys: string[]
  why: string
}

/**
 * Kubernetes objects a component adds to a layer chart's own templates/ (for example cert-manager
 * Certificates that Linkerd's identity needs). Written through the YAML serializer with `{{` escaped,
 * so nothing in them is evaluated by Helm.
 */
export interface LayerManifest {
  layer: LayerId
  /** File name under templates/, without extension. */
  file: string
  objects: Record<string, unknown>[]
}

/** What a component knows about the rest of the plan while it computes its values. */
export interface WiringContext {
  readonly answers: Answers
  /** Is this component in the plan? */
  has(id: string): boolean
  /** Namespace the given component's main chart is installed into. */
  namespaceOf(id: string): string
  /** How metrics are collected: operator = ServiceMonitors (kube-prometheus-stack), annotations = standalone Prometheus. */
  readonly monitoring: 'operator' | 'annotations' | 'none'
  /** IngressClass of the chosen ingress controller, when there is one. */
  readonly ingressClass?: string
  /** `<app>.<domain>` when a domain and an ingress controller are chosen, else undefined. */
  hostFor(app: string): string | undefined
  /** The log store's sink, if a store is chosen. */
  logSink(): LogSink | undefined
  /** Datasources offered by every chosen component (for Grafana). */
  datasources(): GrafanaDatasource[]
}

/** A requirement on the rest of the selection, checked by the planner. */
export interface Requirement {
  /** At least one of these component ids must be in the plan. */
  anyOf: string[]
  why: string
  /** How to satisfy it, as a flag. */
  fix: string
}

export interface Conflict {
  with: string
  why: string
  fix: string
}

export interface Component {
  id: string
  title: string
  category: Category
  description: string
  lifecycle: Lifecycle
  charts: ChartSpec[]
  /**
   * Pod Security level its namespace needs: `privileged` for host access (hostPath, hostNetwork),
   * as node agents have. Default `restricted`.
   */
  podSecurity?: 'privileged' | 'baseline'
  /** Is it chosen by these answers? */
  chosenBy(answers: Answers): boolean
  /** When not chosen: why another choice makes the plan add it (undefined: it is not needed). */
  neededBy?(answers: Answers, selected: ReadonlySet<string>): string | undefined
  requires?: Requirement[]
  conflicts?: Conflict[]
  /** Warnings that depend on the answers (beyond the lifecycle note). */
  warnings?(answers: Answers, selected: ReadonlySet<string>): string[]
  /** The values prodstack sets in each of this component's charts, keyed by chart alias. */
  configure(ctx: WiringContext): ChartSettings
  datasources?(ctx: WiringContext): GrafanaDatasource[]
  logSink?(ctx: WiringContext): LogSink
  /** Objects for a layer chart's templates/ (rendered after the settings). */
  manifests?(ctx: WiringContext): LayerManifest[]
  /** Secrets that must exist before install (admin credentials, receiver keys). */
  prerequisites?(ctx: WiringContext): SecretPrerequisite[]
  /** Namespace override; default is the namespace of the main chart's layer. */
  namespace?(answers: Answers): string
}
