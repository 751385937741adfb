import {kubernetesSupport, SUPPORTED_KUBERNETES} from '../catalog/kubernetes.js'
import type {SecretPrerequisite} from '../catalog/types.js'
import {UserError} from '../errors.js'
import type {ChartFile} from '../io/chart-files.js'
import {failureDetail, type HelmResult, runHelm} from '../io/helm.js'
import {runKubectl} from '../io/kube.js'

/** Which cluster to talk to; unset fields leave it to kubectl's and Helm's own defaults (and env). */
export interface KubeTarget {
  context?: string
  kubeconfig?: string
}

/** The tools install, status and uninstall run, and the cluster they run them against. */
export interface ClusterTools {
  helm: string
  kubectl: string
  target: KubeTarget
}

/** Helm's flags for the target: `--kube-context`, `--kubeconfig`. */
export function helmTargetArgs(target: KubeTarget): string[] {
  return [
    ...(target.context ? ['--kube-context', target.context] : []),
    ...(target.kubeconfig ? ['--kubeconfig', target.kubeconfig] : []),
  ]
}

/** kubectl's flags for the target: `--context`, `--kubeconfig`. */
export function kubectlTargetArgs(target: KubeTarget): string[] {
  return [
    ...(target.context ? ['--context', target.context] : []),
    ...(target.kubeconfig ? ['--kubeconfig', target.kubeconfig] : []),
  ]
}

export function helm(tools: ClusterTools, args: string[], options: {cwd?: string; timeoutMs?: number} = {}) {
  return runHelm(tools.helm, [...args, ...helmTargetArgs(tools.target)], options)
}

export function kubectl(
  tools: ClusterTools,
  args: string[],
  options: {cwd?: string; timeoutMs?: number; input?: string} = {},
) {
  return runKubectl(tools.kubectl, [...args, ...kubectlTargetArgs(tools.target)], options)
}

/** The last meaningful line of a failed kubectl: its `error:`/`Unable to connect` line, else the last. */
export function kubectlError(result: Pick<HelmResult, 'stderr' | 'exitCode' | 'timedOut'>): string {
  if (result.timedOut) return 'timed out'
  const lines = result.stderr
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
  const error =
    lines.filter((line) => /^(error|Unable to connect|The connection to the server)/i.test(line)).at(-1) ??
    lines.at(-1)
  return error?.replace(/^error:\s*/i, '') ?? `exit code ${result.exitCode}`
}

const REACH_TIMEOUT = '15s'

/**
 * The cluster's version (`kubectl version -o json`), or CLUSTER_UNREACHABLE: one line with kubectl's
 * reason (no such context, a kubeconfig that cannot be read, a server that does not answer).
 */
export async function clusterVersion(tools: ClusterTools): Promise<string> {
  const result = await kubectl(tools, ['version', '-o', 'json', `--request-timeout=${REACH_TIMEOUT}`], {
    timeoutMs: 30_000,
  })
  if (result.missing)
    throw new UserError('CLUSTER_UNREACHABLE', `cannot run ${tools.kubectl}: ${kubectlError(result)}`, [], 1)
  let server: string | undefined
  try {
    server = (JSON.parse(result.stdout) as {serverVersion?: {gitVersion?: string}}).serverVersion?.gitVersion
  } catch {
    server = undefined
  }
  if (!result.ok || !server) {
    const where = tools.target.context ? ` (context ${tools.target.context})` : ''
    throw new UserError(
      'CLUSTER_UNREACHABLE',
      `the cluster cannot be reached${where}: ${kubectlError(result)}`,
    )
  }
  return server
}

/**
 * Refuses a cluster older than the lines the stack is proven on (CLUSTER_UNSUPPORTED, nothing
 * changed); for a newer one, or a version it cannot read, returns a notice and goes on.
 */
export function checkKubernetesVersion(version: string): string | undefined {
  const {oldest, newest} = SUPPORTED_KUBERNETES
  switch (kubernetesSupport(version)) {
    case 'supported':
      return undefined
    case 'newer':
      return `Kubernetes ${version} is newer than ${newest}, the newest line this stack is proven on: going on`
    case 'unknown':
      return `cannot read the cluster's Kubernetes version (${version}): going on`
    case 'older':
      throw new UserError(
        'CLUSTER_UNSUPPORTED',
        `the cluster runs Kubernetes ${version}; this stack supports ${oldest} to ${newest}. Nothing was installed`,
        [
          {
            source: 'cluster',
            message: `Kubernetes ${version} is older than ${oldest}, past its end of life; the pinned charts are not proven on it`,
            hint: `upgrade the cluster to ${oldest} or newer`,
          },
        ],
      )
  }
}

/** Whether Helm has a release of this name in the namespace (any state). */
export async function releaseExists(
  tools: ClusterTools,
  release: string,
  namespace: string,
): Promise<boolean> {
  const result = await helm(tools, ['status', release, '--namespace', namespace, '-o', 'json'], {
    timeoutMs: 60_000,
  })
  return result.ok
}

/**
 * Applies CRD files with server-side apply, taking ownership of their fields (`--force-conflicts`):
 * Helm installs a chart's crds/ once and never upgrades them, so an upgraded chart would otherwise
 * run against the CRDs of its first install.
 */
export async function applyCrds(tools: ClusterTools, files: readonly ChartFile[]): Promise<HelmResult> {
  const input = files.map((file) => `# ${file.location}\n${file.text.trim()}\n`).join('---\n')
  return kubectl(
    tools,
    ['apply', '--server-side', '--force-conflicts', '--field-manager', CRD_FIELD_MANAGER, '-f', '-'],
    {input, timeoutMs: 120_000},
  )
}

/** The field manager prodstack's server-side applies are recorded under. */
export const CRD_FIELD_MANAGER = 'prodstack'

export interface SecretCheck extends SecretPrerequisite {
  /** Missing altogether, or the keys it lacks. */
  missing: boolean
  missingKeys: string[]
  /** kubectl's error other than NotFound (forbidden, say). */
  error?: string
}

/** Whether each prerequisite Secret exists with its keys. A Secret in a missing namespace is missing. */
export async function checkSecrets(
  tools: ClusterTools,
  secrets: readonly SecretPrerequisite[],
): Promise<SecretCheck[]> {
  const checks: SecretCheck[] = []
  for (const secret of secrets) {
    const result = await kubectl(tools, [
      'get',
      'secret',
      secret.name,
      '--namespace',
      secret.namespace,
      '-o',
      'json',
    ])
    if (!result.ok) {
      const notFound = /NotFound|not found/.test(result.stderr)
      checks.push({
        ...secret,
        missing: true,
        missingKeys: [...secret.keys],
        ...(notFound ? {} : {error: kubectlError(result)}),
      })
      continue
    }
    const data = (JSON.parse(result.stdout) as {data?: Record<string, unknown>}).data ?? {}
    const missingKeys = secret.keys.filter((key) => !(key in data))
    checks.push({...secret, missing: false, missingKeys})
  }
  return checks
}

/** The command that creates a prerequisite Secret, with placeholders for its values. */
export function createSecretCommand(secret: Pick<SecretPrerequisite, 'name' | 'namespace' | 'keys'>): string {
  const literals = secret.keys.map((key) => `--from-literal=${key}=<${key}>`).join(' ')
  return `kubectl create secret generic ${secret.name} --namespace ${secret.namespace} ${literals}`
}

/** A release as `helm list -o json` shows it. */
export interface ReleaseInfo {
  name: string
  namespace: string
  revision: string
  status: string
  /** name-version of the layer chart. */
  chart: string
  app_version?: string
}

/** The release, or undefined when it is not installed (any state: deployed, failed, pending). */
export async function findRelease(
  tools: ClusterTools,
  release: string,
  namespace: string,
): Promise<ReleaseInfo | undefined> {
  const result = await helm(tools, [
    'list',
    '--namespace',
    namespace,
    // Every state but superseded (Helm 4 has no --all): a failed or pending release is installed too.
    '--deployed',
    '--failed',
    '--pending',
    '--uninstalling',
    '--filter',
    `^${release.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`,
    '-o',
    'json',
  ])
  if (!result.ok)
    throw new UserError('HELM_FAILED', `helm list --namespace ${namespace} failed: ${failureDetail(result)}`)
  const releases = JSON.parse(result.stdout || '[]') as ReleaseInfo[]
  return releases.find((candidate) => candidate.name === release)
}

/** Helm's tools must run: the binary, then the cluster. */
export async function requireHelm(tools: ClusterTools): Promise<void> {
  const result = await runHelm(tools.helm, ['version', '--short'], {timeoutMs: 15_000})
  if (!result.ok) throw new UserError('HELM_FAILED', `cannot run ${tools.helm}: ${failureDetail(result)}`)
}

/** A Go duration as Helm takes it (`10m`, `1h30m`, `90s`), in milliseconds; undefined when it is not one. */
export function durationMs(text: string): number | undefined {
  const units: Record<string, number> = {ms: 1, s: 1000, m: 60_000, h: 3_600_000}
  if (!/^(\d+(\.\d+)?(ms|s|m|h))+$/.test(text)) return undefined
  let total = 0
  for (const match of text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g))
    total += Number(match[1]) * units[match[2]!]!
  return total
}
