import type {RewrittenField, SecretPrerequisite} from '../catalog/types.js'
import type {PlannedLayer} from './types.js'

/** The stack file with every namespace the stack installs into, applied before the first release. */
export const NAMESPACES_FILE = 'namespaces.yaml'

export interface StackNamespace {
  name: string
  /** The Pod Security level to enforce: the least strict any layer in the namespace needs. */
  podSecurity: 'privileged' | 'baseline' | 'restricted'
}

/**
 * One step of installing the stack, in order. The stack's README, its helmfile.yaml, init's next
 * steps and `prodstack install` are all rendered from this one list, so they cannot disagree.
 */
export type InstallStep =
  | {kind: 'namespaces'; file: typeof NAMESPACES_FILE; namespaces: StackNamespace[]}
  | {kind: 'secrets'; secrets: SecretPrerequisite[]}
  | {
      kind: 'release'
      /** The layer's chart directory, relative to the stack directory. */
      dir: string
      release: string
      namespace: string
      /** The release installed just before, which this one needs (namespace/release). */
      after?: string
      /** A CRD of the layer is too large for client-side apply: GitOps engines apply it server-side. */
      serverSideApply?: true
      /** Fields a controller rewrites after install, which GitOps engines must not take for drift. */
      rewrittenFields?: RewrittenField[]
    }

const STRICTNESS = ['privileged', 'baseline', 'restricted'] as const

/**
 * Every namespace of the stack, in install order, with its Pod Security level. kube-system is left
 * out: it exists on every cluster and is exempt. All of them are created before any release, since
 * a release may put objects in another layer's namespace (trust-manager writes Linkerd's trust
 * roots into the mesh namespace) and the prerequisite Secrets live in them.
 */
export function stackNamespaces(layers: readonly PlannedLayer[]): StackNamespace[] {
  const byName = new Map<string, StackNamespace>()
  for (const layer of layers) {
    if (!layer.podSecurity) continue
    const known = byName.get(layer.namespace)
    if (!known) byName.set(layer.namespace, {name: layer.namespace, podSecurity: layer.podSecurity})
    else if (STRICTNESS.indexOf(layer.podSecurity) < STRICTNESS.indexOf(known.podSecurity))
      known.podSecurity = layer.podSecurity
  }
  return [...byName.values()]
}

/** Namespaces, then the Secrets to create in them, then the releases in layer order. */
export function installSteps(
  layers: readonly PlannedLayer[],
  prerequisites: readonly SecretPrerequisite[],
): InstallStep[] {
  const steps: InstallStep[] = []
  const namespaces = stackNamespaces(layers)
  if (namespaces.length > 0) steps.push({kind: 'namespaces', file: NAMESPACES_FILE, namespaces})
  if (prerequisites.length > 0) steps.push({kind: 'secrets', secrets: [...prerequisites]})
  layers.forEach((layer, index) => {
    const previous = layers[index - 1]
    const rewrittenFields = layer.charts.flatMap((chart) => chart.rewrittenFields ?? [])
    steps.push({
      kind: 'release',
      dir: layer.dir,
      release: layer.release,
      namespace: layer.namespace,
      ...(previous ? {after: `${previous.namespace}/${previous.release}`} : {}),
      ...(layer.charts.some((chart) => chart.largeCrds) ? {serverSideApply: true as const} : {}),
      ...(rewrittenFields.length > 0 ? {rewrittenFields} : {}),
    })
  })
  return steps
}

export function stepsOf<K extends InstallStep['kind']>(
  steps: readonly InstallStep[],
  kind: K,
): Array<Extract<InstallStep, {kind: K}>> {
  return steps.filter((step): step is Extract<InstallStep, {kind: K}> => step.kind === kind)
}
