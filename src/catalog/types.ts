import type {Answers} from '../answers/schema.js'

/** A category id of the catalog's category table (catalog/categories.ts). */
export type Category = string

/** A group of components in the catalog, the README and the questionnaire. */
export interface CategorySpec {
  id: Category
  title: string
  /**
   * The question that chooses among the category's components. The answers schema, the flags, the
   * questionnaire and the README's choice table come from it. Absent: its components own their answers.
   */
  choice?: CategoryChoice
}

export interface CategoryChoice {
  /** Answers key (and the schema property). */
  key: string
  /** Long flag name. */
  flag: string
  /** One component, or any number of them (a list answer). */
  multiple: boolean
  /** What choosing none means. */
  none: string
  /** Questionnaire order (shared with the base questions and component-owned answers). */
  order: number
  question: string
  /** Shown in --help and next to the prompt. */
  help: string
  /** The schema property's description. */
  description: string
  /** Asked only when another category chose something; otherwise none, with this note. */
  onlyWith?: {category: Category; note: string}
}

/** What a kind of cluster brings with it, and so what the stack should not install twice. */
export interface ClusterFlavourSpec {
  id: string
  /** One line in the questionnaire. */
  summary: string
  /** The built-in pod network, when there is one: then the default CNI answer is none. */
  builtInCni?: string
  /** It runs metrics-server already. */
  builtInMetricsServer: boolean
  /** A Service of type LoadBalancer gets an address without extra software. */
  loadBalancer: boolean
  /** It binds the control plane's metrics to 127.0.0.1 (kube-prometheus-stack cannot scrape them). */
  controlPlaneMetricsLocal: boolean
  /** The control plane runs out of reach (managed clusters): no etcd, scheduler or controller-manager targets. */
  managedControlPlane: boolean
  /** Kubelets serve self-signed certificates by default. */
  selfSignedKubeletCerts: boolean
  /** Answers it changes from the preset's, because it brings that piece already. */
  defaults?: Record<string, unknown>
  /** Components it already ships, by category, with what to do before installing another. */
  ships?: Array<{category: Category; component?: string; warning: string}>
}

/** A starting point: defaults for every question. */
export interface PresetSpec {
  name: string
  summary: string
  answers: Record<string, unknown>
}

/**
 * A question a component owns (its own settings, such as external-dns's DNS provider): a schema
 * property, a flag and a prompt, asked only when `applies` says so.
 */
export interface AnswerSpec {
  key: string
  flag: string
  question: string
  help: string
  order: number
  /** The answers schema property (type, enum, pattern, description). */
  schema: Record<string, unknown>
  /** Default when no preset sets it. */
  default?: unknown
  /**
   * The value for stacks written before this answer existed: their prodstack.yaml (which holds every
   * answer) lacks it, and regenerating them must keep what they were generated with, not the new default.
   */
  earlierStacks?: unknown
  /** Answers whose value decides whether this question applies (asked after them). */
  after?: string[]
  /** Does the question apply, given the answers so far (completed with defaults)? Default: always. */
  applies?(answers: Answers): boolean
  /** Human name of the pattern, for errors, and an example that passes. */
  patternMeaning?: string
  example?: string
}

/**
 * Install layers, in order. Helm neither orders subcharts nor lets a custom resource use a CRD
 * installed as a template of the same release, so each layer is its own release, installed after
 * the previous one is ready. `position` is the fixed prefix of the layer's directory (`20-network`),
 * so adding or removing a component never renames another layer's directory (CI and GitOps paths
 * name them); the gaps leave room for new layers.
 */
export const LAYERS = [
  {
    id: 'crds',
    position: '10',
    title: 'CRDs',
    namespace: 'kube-system',
    why: 'CustomResourceDefinitions first: later layers create custom resources of these kinds, and CRD charts can be upgraded on their own.',
    // CRD charts are large (Calico's alone is ~0.8 MiB as a Helm release record) and Helm caps a
    // release at 1 MiB, so each component's CRDs are a release of their own.
    releasePerComponent: true,
  },
  {
    id: 'network',
    position: '20',
    title: 'Pod network',
    namespace: 'kube-system',
    why: 'No pod can get an IP address until the CNI runs, so it is installed before anything with pods.',
  },
  {
    id: 'cert-manager',
    position: '30',
    title: 'cert-manager',
    namespace: 'cert-manager',
    why: 'cert-manager is installed once per cluster, on its own, before anything that asks it for certificates.',
  },
  {
    id: 'operators',
    position: '40',
    title: 'Operators',
    // Components name their own (ECK: elastic-system, trust-manager: cert-manager's).
    namespace: 'operators',
    why: 'Operators must run before the custom resources they reconcile are created.',
  },
  {
    id: 'mesh',
    position: '50',
    title: 'Service mesh control plane',
    namespace: 'istio-system',
    why: "The mesh control plane's injection webhook must be ready before gateways and meshed workloads start.",
  },
  {
    id: 'platform',
    position: '60',
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
  /** A known vulnerability in the pinned release that its project will never fix. */
  unfixed?: string
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
  /**
   * It installs a CRD too large for client-side apply (the last-applied annotation is capped at
   * 256 KiB), so a GitOps engine must apply its layer server-side. Proven against the rendered
   * chart by the GitOps tests.
   */
  largeCrds?: true
}

/**
 * A field a controller rewrites after install (cert-manager's CA injector filling a webhook's
 * caBundle), which a GitOps engine must not report as drift or put back.
 */
export interface RewrittenField {
  /** The chart whose objects carry the field. */
  alias: string
  group: string
  kind: string
  /** A jq path, as Argo CD's ignoreDifferences takes it. */
  jqPath: string
  /** Which controller writes it; a comment next to the entry. */
  why: string
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

/** What a component knows about the rest of the plan while it computes its values. Pure: reading it records nothing. */
export interface WiringContext {
  readonly answers: Answers
  /** What the chosen kind of cluster brings. */
  readonly cluster: ClusterFlavourSpec
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
  /** Scrape targets other components ask the operator-style collector to add (charts that ship no monitor). */
  scrapeTargets(): ScrapeTargets
  /** CA bundles the chosen components need (for trust-manager). */
  trustBundles(): TrustBundle[]
}

/** A ConfigMap of CA certificates, filled from a Secret's key and kept in step with it. */
export interface TrustBundle {
  /** The ConfigMap's name (and the Bundle's). */
  name: string
  /** Namespace of the source Secret; the ConfigMap is written there too. */
  namespace: string
  source: SecretFile
  /** Key of the certificates in the ConfigMap. */
  key: string
  /** Layer chart that holds the Bundle: the one whose pods mount the ConfigMap. */
  layer: LayerId
}

/** A ServiceMonitor or PodMonitor spec for the operator-style collector, with why it is there. */
export interface Monitor {
  spec: Record<string, unknown>
  why: string
}

/** Monitors a component asks the operator-style collector (kube-prometheus-stack) to add. */
export interface ScrapeTargets {
  serviceMonitors: Monitor[]
  podMonitors: Monitor[]
}

/** The other components of a selection, for rules and warnings that depend on them. */
export interface Selection {
  has(id: string): boolean
  readonly components: readonly Component[]
}

/** A requirement on the rest of the selection, checked by the planner. */
export interface Requirement {
  /** At least one of these component ids must be in the plan. */
  anyOf?: string[]
  /** Or: this answer must be given (a non-empty value). */
  answer?: string
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
  /** Its category (catalog/categories.ts). It is one of the category's choices unless it has `chosenBy`. */
  category: Category
  description: string
  lifecycle: Lifecycle
  charts: ChartSpec[]
  /**
   * Pod Security level its namespace needs: `privileged` for host access (hostPath, hostNetwork),
   * as node agents have. Default `restricted`.
   */
  podSecurity?: 'privileged' | 'baseline'
  /**
   * Chosen by an answer of its own rather than as its category's choice (metrics-server's
   * `metricsServer`). Components with `chosenBy` are not offered as choices of their category.
   */
  chosenBy?(answers: Answers): boolean
  /** With `chosenBy`: the answer that chooses it when another component owns that answer (istioMode). */
  chosenByAnswer?: string
  /** When not chosen: why another choice makes the plan add it (undefined: it is not needed). */
  neededBy?(answers: Answers, selection: Selection): string | undefined
  /** Questions it owns (schema properties, flags, prompts). */
  answers?: AnswerSpec[]
  /** Shared answers it reads, so they are asked only when it is chosen (`podCidr`, `domain`, `alertReceivers`). */
  uses?: string[]
  requires?: Requirement[]
  conflicts?: Conflict[]
  /**
   * Why it cannot be installed as part of one release (--layout single): e.g. its templates create
   * custom resources whose CRDs are templates of another chart, and Helm maps every object of a
   * release before it creates any.
   */
  layeredOnly?: string
  /**
   * Cluster flavours this CNI has a mode of its own for (chaining onto EKS's VPC CNI, GKE's
   * integration, AKS's bring-your-own-CNI clusters): its values and warnings deal with the built-in
   * CNI, so the plan does not ask for that one to be removed.
   */
  fitsOnto?: string[]
  /** Warnings that depend on the answers (beyond the lifecycle note). */
  warnings?(answers: Answers, selection: Selection, cluster: ClusterFlavourSpec): string[]
  /** The IngressClass it serves: it is an ingress controller. */
  ingressClass?: string
  /** How it collects metrics, when it is a metrics stack. */
  collects?: 'operator' | 'annotations'
  /** The collectors that scrape its metrics, when the stack runs one of them (a wiring edge). */
  scrapedBy?: readonly ('operator' | 'annotations')[]
  /** The app name of the web UI it exposes at `<app>.<domain>`. */
  ui?: string
  /** It ships logs to the stack's log store (a wiring edge). */
  shipsLogs?: boolean
  /** It reads every other component's datasources (a wiring edge to each). */
  readsDatasources?: boolean
  /** The values prodstack sets in each of this component's charts, keyed by chart alias. */
  configure(ctx: WiringContext): ChartSettings
  /**
   * With an image mirror (`--registry`): the values that point every image its charts run, and every
   * image its operators start, at the mirror, keyed by chart alias (catalog/settings.ts `mirrored`).
   */
  mirror?(registry: string, ctx: WiringContext): ChartSettings
  datasources?(ctx: WiringContext): GrafanaDatasource[]
  logSink?(ctx: WiringContext): LogSink
  /** CA bundles it needs copied from a Secret into a ConfigMap (trust-manager writes them). */
  trustBundles?(ctx: WiringContext): TrustBundle[]
  /** Monitors for the operator-style collector, for charts that ship none of their own. */
  scrapeTargets?(ctx: WiringContext): ScrapeTargets
  /** Objects for a layer chart's templates/ (rendered after the settings). */
  manifests?(ctx: WiringContext): LayerManifest[]
  /** Fields of its charts' objects that a controller rewrites once they are installed. */
  rewrittenFields?(ctx: WiringContext): RewrittenField[]
  /** Secrets that must exist before install (admin credentials, receiver keys). */
  prerequisites?(ctx: WiringContext): SecretPrerequisite[]
  /** Namespaces for the layers of its other charts (a layer shared with others goes to the first that names one). */
  layerNamespaces?: Partial<Record<LayerId, string>>
  /** Namespace override; default is the namespace of the main chart's layer. */
  namespace?(answers: Answers): string
}
