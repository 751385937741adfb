import {UserError} from '../errors.js'
import {failureDetail} from '../io/helm.js'
import {stepsOf} from '../plan/install-steps.js'
import {
  type ClusterTools,
  clusterVersion,
  durationMs,
  findRelease,
  helm,
  kubectl,
  kubectlError,
} from './cluster.js'
import {loadWrittenStack} from './pipeline.js'

export interface UninstallOptions {
  tools: ClusterTools
  timeout: string
  /** Delete each release's PersistentVolumeClaims too (by the release's instance label). */
  purge?: boolean
  progress?: (event: UninstallProgress) => void
}

export type UninstallProgress =
  | {kind: 'skipped'; release: string; namespace: string}
  | {kind: 'removed'; release: string; namespace: string; ms: number}
  | {kind: 'purged'; release: string; namespace: string; claims: string[]}

export interface UninstallResult {
  dir: string
  kubernetes: string
  releases: Array<{
    release: string
    namespace: string
    dir: string
    status: 'removed' | 'not-installed'
    ms?: number
  }>
  /** With purge: the PersistentVolumeClaims deleted, as namespace/name. */
  deletedClaims: string[]
  /** What uninstall leaves in the cluster, and why. */
  kept: Array<{what: string; why: string}>
}

/** What `helm uninstall` never removes, and uninstall does not either. */
export const KEPT: Array<{what: string; why: string}> = [
  {
    what: 'CustomResourceDefinitions',
    why: 'Helm never deletes the CRDs a chart installs: deleting one deletes every custom resource of its kind, in every namespace',
  },
  {
    what: 'PersistentVolumeClaims',
    why: "claims made from StatefulSets' volumeClaimTemplates are not part of any release: they hold the data (metrics, logs) and are deleted by hand when it is no longer wanted",
  },
  {
    what: 'Namespaces and the Secrets you created',
    why: 'they were applied from namespaces.yaml and by you, not by a release; delete them with kubectl delete -f namespaces.yaml',
  },
]

/** The label selecting a release's claims: StatefulSets label theirs with their selector, which charts give the release's instance label. */
export function claimSelector(release: string): string {
  return `app.kubernetes.io/instance=${release}`
}

const PURGED_KEPT = {
  what: 'PersistentVolumeClaims without the release label',
  why: 'with --purge, only claims labelled app.kubernetes.io/instance=<release> in the release namespace are deleted; claims an operator made with its own labels are left to delete by hand',
}

/** The release steps of the stack that are installed, in install order; the others are reported. */
export async function uninstallStack(dir: string, options: UninstallOptions): Promise<UninstallResult> {
  const {plan} = loadWrittenStack(dir)
  const {tools} = options
  const timeoutMs = durationMs(options.timeout)
  if (timeoutMs === undefined)
    throw new UserError('INVALID_OPTION', `--timeout ${options.timeout} is not a duration`, [
      {source: '--timeout', message: `${options.timeout} is not a duration`, hint: 'e.g. 10m, 90s, 1h'},
    ])
  const kubernetes = await clusterVersion(tools)
  const progress = options.progress ?? (() => {})
  const releases: UninstallResult['releases'] = []
  for (const step of stepsOf(plan.install, 'release').reverse()) {
    const base = {release: step.release, namespace: step.namespace, dir: step.dir}
    if (!(await findRelease(tools, step.release, step.namespace))) {
      releases.push({...base, status: 'not-installed'})
      progress({kind: 'skipped', release: step.release, namespace: step.namespace})
      continue
    }
    const started = performance.now()
    const removed = await helm(
      tools,
      ['uninstall', step.release, '--namespace', step.namespace, '--wait', '--timeout', options.timeout],
      {timeoutMs: timeoutMs + 60_000},
    )
    const ms = Math.round(performance.now() - started)
    if (!removed.ok)
      throw new UserError(
        'UNINSTALL_FAILED',
        `helm uninstall ${step.release} --namespace ${step.namespace} failed: ${failureDetail(removed)}`,
        [],
        1,
        {dir, kubernetes, releases, deletedClaims: [], kept: KEPT},
      )
    releases.push({...base, status: 'removed', ms})
    progress({kind: 'removed', release: step.release, namespace: step.namespace, ms})
  }
  const deletedClaims: string[] = []
  if (options.purge) {
    // Every release, installed or not: an earlier uninstall may have left its claims.
    for (const step of stepsOf(plan.install, 'release').reverse()) {
      const deleted = await kubectl(tools, [
        'delete',
        'persistentvolumeclaims',
        '--namespace',
        step.namespace,
        '--selector',
        claimSelector(step.release),
        '--ignore-not-found',
        '--wait=false',
        '-o',
        'name',
      ])
      if (!deleted.ok)
        throw new UserError(
          'UNINSTALL_FAILED',
          `deleting the claims of ${step.release} in ${step.namespace} failed: ${kubectlError(deleted)}`,
          [],
          1,
          {dir, kubernetes, releases, deletedClaims, kept: KEPT},
        )
      const claims = deleted.stdout
        .split('\n')
        .map((line) => line.trim())
        // Only the names: kubectl says "No resources found" on stdout too.
        .filter((line) => line.startsWith('persistentvolumeclaim/'))
        .map((line) => line.slice('persistentvolumeclaim/'.length))
      deletedClaims.push(...claims.map((claim) => `${step.namespace}/${claim}`))
      if (claims.length > 0)
        progress({kind: 'purged', release: step.release, namespace: step.namespace, claims})
    }
  }
  const kept = options.purge
    ? [...KEPT.filter((entry) => entry.what !== 'PersistentVolumeClaims'), PURGED_KEPT]
    : KEPT
  return {dir, kubernetes, releases, deletedClaims, kept}
}
