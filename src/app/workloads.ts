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

/** Desired and ready pods of a workload object as `kubectl get -o json` returns it. */
export function workloadState(ref: WorkloadRef, object: KubeObject | undefined): WorkloadState {
  if (!object) return {...ref, desired: 0, ready: 0, missing: true}
  const status = object.status ?? {}
  if (ref.kind === 'DaemonSet')
    return {
      ...ref,
      desired: Number(status.desiredNumberScheduled ?? 0),
      ready: Number(status.numberReady ?? 0),
    }
  const replicas = object.spec?.replicas
  return {...ref, desired: Number(replicas ?? 1), ready: Number(status.readyReplicas ?? 0)}
}

/**
 * The workloads of `refs` that are not ready: missing from the cluster, or with fewer ready pods
 * than desired. `objects` are the items of `kubectl get deployments,statefulsets,daemonsets -o json`.
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
    .filter((state) => state.missing || state.ready < state.desired)
}
