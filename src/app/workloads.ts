import {parseAllDocuments} from 'yaml'

/** The kinds `status` checks for readiness: what runs pods for a release. */
export const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet'] as const
export type WorkloadKind = (typeof WORKLOAD_KINDS)[number]

export interface WorkloadRef {
  kind: WorkloadKind
  namespace: string
  name: string
}

export interface WorkloadState extends WorkloadRef {
  desired: number
  ready: number
  /** Pods of the current template: a rollout still under way has fewer than desired. */
  updated: number
  /** Pods of an older template still running (a Deployment's rollout keeps them until the new ones are ready). */
  old: number
  /** Not found in the cluster although the release's manifest has it. */
  missing?: boolean
}

/**
 * The Deployments, StatefulSets and DaemonSets of a release's manifest (`helm get manifest`), each
 * in its own namespace or the release's.
 */
export function manifestWorkloads(manifest: string, releaseNamespace: string): WorkloadRef[] {
  const refs: WorkloadRef[] = []
  for (const document of parseAllDocuments(manifest)) {
    const object = document.toJS() as {
      kind?: unknown
      metadata?: {name?: unknown; namespace?: unknown}
    } | null
    if (!object || typeof object !== 'object') continue
    const kind = WORKLOAD_KINDS.find((candidate) => candidate === object.kind)
    const name = object.metadata?.name
    if (!kind || typeof name !== 'string') continue
    const namespace =
      typeof object.metadata?.namespace === 'string' ? object.metadata.namespace : releaseNamespace
    refs.push({kind, namespace, name})
  }
  return refs
}

// biome-ignore lint/suspicious/noExplicitAny: Kubernetes objects from `kubectl get -o json` are read loosely
type KubeObject = Record<string, any>

/** Desired, ready and up-to-date pods of a workload object as `kubectl get -o json` returns it. */
export function workloadState(ref: WorkloadRef, object: KubeObject | undefined): WorkloadState {
  if (!object) return {...ref, desired: 0, ready: 0, updated: 0, old: 0, missing: true}
  const status = object.status ?? {}
  // Until the controller has seen the latest spec, its counts describe an older one.
  const stale = Number(status.observedGeneration ?? 0) < Number(object.metadata?.generation ?? 0)
  if (ref.kind === 'DaemonSet') {
    const desired = Number(status.desiredNumberScheduled ?? 0)
    const updated = stale ? 0 : Number(status.updatedNumberScheduled ?? desired)
    return {...ref, desired, ready: Number(status.numberReady ?? 0), updated, old: 0}
  }
  const desired = Number(object.spec?.replicas ?? 1)
  const ready = Number(status.readyReplicas ?? 0)
  const updated = stale ? 0 : Number(status.updatedReplicas ?? ready)
  const old = ref.kind === 'Deployment' ? Math.max(0, Number(status.replicas ?? 0) - updated) : 0
  return {...ref, desired, ready, updated, old}
}

/**
 * The workloads of `refs` that are not ready: missing from the cluster, or with fewer ready or
 * up-to-date pods than desired (what `kubectl rollout status` waits for). `objects` are the items
 * of `kubectl get deployments,statefulsets,daemonsets -o json`.
 */
export function notReadyWorkloads(
  refs: readonly WorkloadRef[],
  objects: readonly KubeObject[],
): WorkloadState[] {
  const find = (ref: WorkloadRef) =>
    objects.find(
      (object) =>
        object.kind === ref.kind &&
        object.metadata?.name === ref.name &&
        (object.metadata?.namespace ?? ref.namespace) === ref.namespace,
    )
  return refs
    .map((ref) => workloadState(ref, find(ref)))
    .filter(
      (state) =>
        state.missing || state.ready < state.desired || state.updated < state.desired || state.old > 0,
    )
}
