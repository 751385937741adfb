import {parse} from 'yaml'
import {UserError} from '../errors.js'
import {failureDetail} from '../io/helm.js'
import {readStackTexts} from '../io/stack-files.js'
import {stepsOf} from '../plan/install-steps.js'
import {joinPath} from '../render/file-set.js'
import {type ClusterTools, clusterVersion, findRelease, helm, kubectl, kubectlError} from './cluster.js'
import {loadWrittenStack} from './pipeline.js'
import {manifestWorkloads, notReadyWorkloads, type WorkloadState} from './workloads.js'

export interface ChartVersion {
  name: string
  /** As pinned on disk (the layer's Chart.yaml). */
  onDisk?: string
  /** As the installed release has it. */
  deployed?: string
}

export interface ReleaseStatus {
  release: string
  namespace: string
  dir: string
  installed: boolean
  revision?: number
  /** Helm's state: deployed, failed, pending-install, ... */
  status?: string
  /** The layer chart and its dependencies, on disk and deployed; `differs` when any version differs. */
  charts: ChartVersion[]
  chartsDiffer: boolean
  notReady: WorkloadState[]
  ready: boolean
}

export interface StackStatus {
  dir: string
  kubernetes: string
  ready: boolean
  releases: ReleaseStatus[]
}

interface ChartMeta {
  name?: string
  version?: string
  dependencies?: Array<{name?: string; alias?: string; version?: string}>
}

/** The layer chart and its dependencies (by alias) from its Chart.yaml, name → version. */
function diskCharts(dir: string, layerDir: string): Map<string, string> {
  const file = joinPath(layerDir, 'Chart.yaml')
  const text = readStackTexts(dir, [file]).texts.get(file)
  const versions = new Map<string, string>()
  if (!text) return versions
  let chart: ChartMeta
  try {
    chart = (parse(text) ?? {}) as ChartMeta
  } catch {
    return versions
  }
  if (chart.name) versions.set(chart.name, String(chart.version))
  for (const dependency of chart.dependencies ?? [])
    if (dependency.name) versions.set(dependency.alias ?? dependency.name, String(dependency.version))
  return versions
}

/** The deployed layer chart and its dependencies, from `helm get metadata -o json`. */
async function deployedCharts(tools: ClusterTools, release: string, namespace: string) {
  const versions = new Map<string, string>()
  const result = await helm(tools, ['get', 'metadata', release, '--namespace', namespace, '-o', 'json'])
  if (!result.ok) return versions
  const meta = JSON.parse(result.stdout) as ChartMeta & {chart?: string}
  const name = meta.chart ?? meta.name
  if (name && meta.version) versions.set(name, meta.version)
  for (const dependency of meta.dependencies ?? [])
    if (dependency.name) versions.set(dependency.alias ?? dependency.name, String(dependency.version))
  return versions
}

export function compareCharts(disk: Map<string, string>, deployed: Map<string, string>): ChartVersion[] {
  const names = [...new Set([...disk.keys(), ...deployed.keys()])]
  return names.map((name) => ({
    name,
    ...(disk.has(name) ? {onDisk: disk.get(name)} : {}),
    ...(deployed.has(name) ? {deployed: deployed.get(name)} : {}),
  }))
}

async function workloadsNotReady(tools: ClusterTools, release: string, namespace: string) {
  const manifest = await helm(tools, ['get', 'manifest', release, '--namespace', namespace])
  if (!manifest.ok)
    throw new UserError('HELM_FAILED', `helm get manifest ${release} failed: ${failureDetail(manifest)}`)
  const refs = manifestWorkloads(manifest.stdout, namespace)
  const objects = []
  for (const ns of new Set(refs.map((ref) => ref.namespace))) {
    const listed = await kubectl(tools, [
      'get',
      'deployments,statefulsets,daemonsets',
      '--namespace',
      ns,
      '-o',
      'json',
    ])
    if (!listed.ok)
      throw new UserError(
        'CLUSTER_UNREACHABLE',
        `kubectl get --namespace ${ns} failed: ${kubectlError(listed)}`,
      )
    objects.push(...((JSON.parse(listed.stdout) as {items?: object[]}).items ?? []))
  }
  return notReadyWorkloads(refs, objects)
}

/** What is deployed of a written stack, release by release, and what is not ready. */
export async function stackStatus(dir: string, tools: ClusterTools): Promise<StackStatus> {
  const {plan} = loadWrittenStack(dir)
  const kubernetes = await clusterVersion(tools)
  const releases: ReleaseStatus[] = []
  for (const step of stepsOf(plan.install, 'release')) {
    const disk = diskCharts(dir, step.dir)
    const base = {release: step.release, namespace: step.namespace, dir: step.dir}
    const info = await findRelease(tools, step.release, step.namespace)
    if (!info) {
      const charts = compareCharts(disk, new Map())
      releases.push({...base, installed: false, charts, chartsDiffer: true, notReady: [], ready: false})
      continue
    }
    const charts = compareCharts(disk, await deployedCharts(tools, step.release, step.namespace))
    const chartsDiffer = charts.some(
      (chart) => chart.deployed !== undefined && chart.onDisk !== chart.deployed,
    )
    const notReady = await workloadsNotReady(tools, step.release, step.namespace)
    releases.push({
      ...base,
      installed: true,
      revision: Number(info.revision),
      status: info.status,
      charts,
      chartsDiffer,
      notReady,
      ready: info.status === 'deployed' && notReady.length === 0 && !chartsDiffer,
    })
  }
  return {dir, kubernetes, ready: releases.every((release) => release.ready), releases}
}
