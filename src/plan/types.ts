import type {Answers} from '../answers/schema.js'
import type {
  Category,
  ExposedUi,
  LayerId,
  LayerManifest,
  Lifecycle,
  RewrittenField,
  SecretPrerequisite,
  Setting,
} from '../catalog/types.js'
import type {InstallStep} from './install-steps.js'

export interface PlannedComponent {
  id: string
  title: string
  category: Category
  description: string
  lifecycle: Lifecycle
  /** `chosen` by an answer, or `added` by the plan because another choice needs it. */
  reason: {kind: 'chosen' | 'added'; text: string}
  charts: string[]
}

export interface PlannedChart {
  alias: string
  chart: string
  version: string
  repository: string
  component: string
  layer: LayerId
  /** Values prodstack sets, each with its reason. */
  settings: Setting[]
  /** The user's own values for this alias (answers `values`), merged over the settings. */
  userValues?: Record<string, unknown>
  /** It installs a CRD too large for client-side apply (see ChartSpec). */
  largeCrds?: true
  /** Fields of its objects a controller rewrites after install. */
  rewrittenFields?: RewrittenField[]
}

export interface PlannedLayer {
  /** Layer id, or `stack` for the single-chart layout. */
  id: LayerId | 'stack'
  title: string
  why: string
  /** Directory of the layer's chart inside the stack directory (`.` for the single layout). */
  dir: string
  /** Chart name and Helm release name. */
  release: string
  namespace: string
  /**
   * Pod Security Admission level to label the namespace with, the least privilege its pods allow;
   * undefined for kube-system, which prodstack does not relabel.
   */
  podSecurity?: 'privileged' | 'baseline' | 'restricted'
  charts: PlannedChart[]
  /** Objects for this layer chart's own templates/, each with the component that asked for it. */
  manifests: Array<Omit<LayerManifest, 'layer'> & {component: string}>
}

/**
 * How much a warning matters: `action` must be dealt with before installing (a built-in CNI to
 * remove), `caution` changes how the stack behaves or lasts (a retired chart, a pending
 * LoadBalancer), `notice` is for information (a chart that moved repositories). Warnings are listed
 * in this order.
 */
export type WarningSeverity = 'action' | 'caution' | 'notice'

export interface PlanWarning {
  code: 'LIFECYCLE' | 'CLUSTER' | 'COMPONENT' | 'LAYOUT' | 'UNUSED_ANSWER'
  severity: WarningSeverity
  component?: string
  message: string
  alternatives?: string[]
}

export interface WiringEdge {
  from: string
  to: string
  what: string
}

export interface Plan {
  answers: Answers
  components: PlannedComponent[]
  layers: PlannedLayer[]
  warnings: PlanWarning[]
  wiring: WiringEdge[]
  exposed: ExposedUi[]
  /** Secrets to create before installing, in install order. */
  prerequisites: SecretPrerequisite[]
  /** How to install the stack, step by step: namespaces, Secrets, then each layer's release. */
  install: InstallStep[]
}
