import {UserError} from '../errors.js'
import {failureDetail} from '../io/helm.js'
import {stepsOf} from '../plan/install-steps.js'
import {type ClusterTools, clusterVersion, durationMs, findRelease, helm} from './cluster.js'
import {loadWrittenStack} from './pipeline.js'

export interface UninstallOptions {
  tools: ClusterTools
  timeout: string
  progress?: (event: UninstallProgress) => void
}

export type UninstallProgress =
  | {kind: 'skipped'; release: string; namespace: string}
  | {kind: 'removed'; release: string; namespace: string; ms: number}

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
  /** What uninstall leaves in the cluster, and why. */
  kept: Array<{what: string; why: string}>
}

/** What `helm uninstall` never removes, and uninstall does not either. */
export const KEPT = [
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
        {dir, kubernetes, releases, kept: KEPT},
      )
    releases.push({...base, status: 'removed', ms})
    progress({kind: 'removed', release: step.release, namespace: step.namespace, ms})
  }
  return {dir, kubernetes, releases, kept: KEPT}
}
