import {existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {parse} from 'yaml'
import {runCli} from './cli.js'
import {type ControlPlane, clusterBinary, startControlPlane} from './control-plane.js'
import {madeElsewhere} from './controllers-not-running.js'
import type {HelmBinary} from './helm.js'
import {manifestChanges} from './manifest-diff.js'
import {forgetOnExit, type RunResult, removeOnExit, run} from './processes.js'
import {
  DEPENDENCY_UPDATE,
  installedReleases,
  type ReleaseRef,
  readmeSection,
  requiredSecrets,
  shellBlocks,
  uninstalledReleases,
} from './readme-steps.js'
import {vendorStackCharts} from './real-charts.js'
import {checkPods, hopelessInstall, RELEASE_RECORD_LIMIT, releaseRecords} from './stack-checks.js'

export type InstallPath = 'readme' | 'helmfile'
export type Step = 'generate' | 'install' | 'pods' | 'records' | 'reinstall' | 'uninstall'
export const STEPS: Step[] = ['generate', 'install', 'pods', 'records', 'reinstall', 'uninstall']

export interface StackCase {
  id: string
  /** Flags for `prodstack init --yes --no-dependency-update`. */
  args: string[]
}

export interface Problem {
  step: Step
  message: string
}

export interface RunReport {
  stack: string
  path: InstallPath
  helm: 3 | 4
  kubernetes: string
  installed: boolean
  problems: Problem[]
  /** Steps not run because an earlier one made them meaningless (the install failed). */
  notRun: Step[]
  stepMs: Partial<Record<Step, number>>
  pods: number
  excused: string[]
  largestRecord?: {release: string; storedBytes: number; jsonBytes: number}
  totalMs: number
}

const INSTALL_TIMEOUT_MS = 15 * 60_000

/** The last lines of a command's output: what a person would read to see why it failed. */
function tail(result: RunResult, lines = 12): string {
  const text = `${result.stderr}\n${result.stdout}`.trim()
  const interesting = `${result.stderr}`.trim() || text
  return `${result.command.split(' ').slice(0, 4).join(' ')} ... exited ${result.status ?? result.signal}:\n${interesting
    .split('\n')
    .slice(-lines)
    .join('\n')}`
}

interface Context {
  cluster: ControlPlane
  helm: HelmBinary
  stackDir: string
  env: NodeJS.ProcessEnv
  releases: ReleaseRef[]
  readme: string
  log: (line: string) => void
}

async function installByReadme(context: Context): Promise<RunResult | undefined> {
  const blocks = shellBlocks(readmeSection(context.readme, 'Install, in order'))
  for (const block of blocks) {
    // `helm dependency update` downloads from the chart repositories: vendorStackCharts did the same
    // from ../shared/charts. Every other line runs as written.
    const script = block.replace(
      DEPENDENCY_UPDATE,
      ': helm dependency update $1, vendored from ../shared/charts',
    )
    const started = Date.now()
    const result = await run('bash', ['-euo', 'pipefail', '-c', script], {
      cwd: context.stackDir,
      env: context.env,
      timeoutMs: INSTALL_TIMEOUT_MS,
      watch: () => hopelessInstall(context.cluster, started),
    })
    const release = installedReleases(block)[0]?.name ?? '?'
    context.log(`  ${release}: ${result.status === 0 ? 'ok' : 'FAILED'} in ${(result.ms / 1000).toFixed(1)}s`)
    if (result.status !== 0) return result
  }
  return undefined
}

async function installByHelmfile(context: Context): Promise<RunResult | undefined> {
  const started = Date.now()
  // --skip-deps: helmfile would run `helm dependency build`, which downloads; vendorStackCharts did
  // the same from ../shared/charts.
  const result = await run(clusterBinary('helmfile'), ['--file', 'helmfile.yaml', 'sync', '--skip-deps'], {
    cwd: context.stackDir,
    env: context.env,
    timeoutMs: INSTALL_TIMEOUT_MS,
    watch: () => hopelessInstall(context.cluster, started),
  })
  context.log(
    `  helmfile sync: ${result.status === 0 ? 'ok' : 'FAILED'} in ${(result.ms / 1000).toFixed(1)}s`,
  )
  return result.status === 0 ? undefined : result
}

async function manifests(context: Context): Promise<Map<string, string>> {
  const found = new Map<string, string>()
  for (const release of context.releases) {
    const result = await run(
      context.helm.path,
      ['get', 'manifest', release.name, '--namespace', release.namespace],
      {env: context.env, timeoutMs: 120_000},
    )
    found.set(
      release.name,
      result.status === 0 ? result.stdout : `(helm get manifest failed: ${tail(result, 3)})`,
    )
  }
  return found
}

/** The commands under "Before you install" (the namespaces), as written. */
async function runBeforeInstall(context: Context): Promise<RunResult | undefined> {
  for (const script of shellBlocks(readmeSection(context.readme, 'Before you install'))) {
    const result = await run('bash', ['-euo', 'pipefail', '-c', script], {
      cwd: context.stackDir,
      env: context.env,
      timeoutMs: 120_000,
    })
    if (result.status !== 0) return result
  }
  return undefined
}

/**
 * The Secrets listed under "Before you install". By the README's steps their namespaces exist by
 * now; helmfile users may create them first, without labels (the presync hooks label them).
 */
async function createSecrets(context: Context, createNamespaces: boolean): Promise<void> {
  for (const secret of requiredSecrets(context.readme)) {
    if (createNamespaces)
      await context.cluster
        .api('POST', '/api/v1/namespaces', {
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: {name: secret.namespace},
        })
        .catch((error: Error) => {
          if (!error.message.includes('HTTP 409')) throw error
        })
    await context.cluster.api('POST', `/api/v1/namespaces/${secret.namespace}/secrets`, {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {name: secret.name},
      type: 'Opaque',
      stringData: Object.fromEntries(secret.keys.map((key) => [key, `made-up-${key}-for-tests`])),
    })
  }
}

/**
 * Generates a stack, installs it on a fresh control plane by one path (the README's steps, or
 * `helmfile sync`), then checks that every pod can start, measures every release record, installs
 * again to see nothing change, and runs the README's uninstall steps. Problems are collected, not
 * thrown, so that one run reports everything it found.
 */
export async function runStack(
  stack: StackCase,
  path: InstallPath,
  helm: HelmBinary,
  log: (line: string) => void,
): Promise<RunReport> {
  const started = Date.now()
  const report: RunReport = {
    stack: stack.id,
    path,
    helm: helm.major,
    kubernetes: '?',
    installed: false,
    problems: [],
    notRun: [],
    stepMs: {},
    pods: 0,
    excused: [],
    totalMs: 0,
  }
  const problem = (step: Step, message: string) => {
    report.problems.push({step, message})
    log(`  ${step}: ${message.split('\n')[0]}`)
  }
  const timed = async <T>(step: Step, body: () => Promise<T>): Promise<T> => {
    const at = Date.now()
    try {
      return await body()
    } finally {
      report.stepMs[step] = Date.now() - at
    }
  }

  const work = mkdtempSync(join(tmpdir(), `prodstack-stack-${stack.id}-`))
  removeOnExit(work)
  let cluster: ControlPlane | undefined
  try {
    const stackDir = join(work, 'stack')
    const generated = await timed('generate', async () =>
      runCli(work, ['init', '--yes', '--no-dependency-update', ...stack.args, stackDir]),
    )
    if (generated.status !== 0) {
      problem('generate', `prodstack init exited ${generated.status}:\n${generated.stderr}`)
      report.notRun = STEPS.filter((step) => step !== 'generate')
      return report
    }
    vendorStackCharts(stackDir, helm)
    const readme = readFileSync(join(stackDir, 'README.md'), 'utf8')
    const releases = installedReleases(shellBlocks(readmeSection(readme, 'Install, in order')).join('\n'))
    const helmfileFile = join(stackDir, 'helmfile.yaml')
    if (path === 'helmfile' && !existsSync(helmfileFile)) {
      problem('generate', 'the stack has no helmfile.yaml')
      report.notRun = STEPS.filter((step) => step !== 'generate')
      return report
    }
    const helmfileReleases = existsSync(helmfileFile)
      ? (parse(readFileSync(helmfileFile, 'utf8')) as {releases: Array<{name: string}>}).releases.map(
          (release) => release.name,
        )
      : releases.map((release) => release.name)
    if (helmfileReleases.join() !== releases.map((release) => release.name).join())
      problem(
        'generate',
        `helmfile.yaml releases ${helmfileReleases.join(', ')} differ from the README's ${releases.map((release) => release.name).join(', ')}`,
      )

    // What a person following the README has on PATH: helm, kubectl (and helmfile).
    const tools = join(work, 'tools')
    mkdirSync(tools)
    symlinkSync(helm.path, join(tools, 'helm'))
    symlinkSync(clusterBinary('kubectl'), join(tools, 'kubectl'))
    symlinkSync(clusterBinary('helmfile'), join(tools, 'helmfile'))
    cluster = await startControlPlane()
    report.kubernetes = cluster.version
    const home = join(work, 'home')
    const env = cluster.env({
      PATH: `${tools}:${process.env.PATH ?? ''}`,
      HELM_CACHE_HOME: join(home, 'helm-cache'),
      HELM_CONFIG_HOME: join(home, 'helm-config'),
      HELM_DATA_HOME: join(home, 'helm-data'),
      XDG_CACHE_HOME: join(home, 'cache'),
      HELM_BIN: undefined,
      HELM_NAMESPACE: undefined,
      HELM_DEBUG: undefined,
      HELMFILE_HELM_BINARY: undefined,
    })
    for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key]
    const context: Context = {cluster, helm, stackDir, env, releases, readme, log}

    const install = path === 'readme' ? installByReadme : installByHelmfile
    const failed = await timed('install', async () => {
      if (path === 'readme') {
        const before = await runBeforeInstall(context)
        if (before) return before
      }
      await createSecrets(context, path === 'helmfile')
      return install(context)
    })
    if (failed) {
      problem('install', tail(failed))
      report.notRun = ['pods', 'records', 'reinstall', 'uninstall']
      return report
    }
    report.installed = true

    const records = await timed('records', () => releaseRecords(cluster!))
    const latest = records.sort((a, b) => b.storedBytes - a.storedBytes)
    for (const record of latest) {
      if (record.storedBytes >= RELEASE_RECORD_LIMIT)
        problem(
          'records',
          `release ${record.namespace}/${record.name} v${record.revision}: record is ${(record.storedBytes / 1024).toFixed(0)} KiB, limit ${RELEASE_RECORD_LIMIT / 1024} KiB`,
        )
    }
    if (latest[0])
      report.largestRecord = {
        release: latest[0].name,
        storedBytes: latest[0].storedBytes,
        jsonBytes: latest[0].jsonBytes,
      }
    const missingReleases = releases.filter(
      (release) => !records.some((record) => record.name === release.name),
    )
    if (missingReleases.length)
      problem('install', `no release record for ${missingReleases.map((release) => release.name).join(', ')}`)

    await timed('pods', async () => {
      const check = await checkPods(cluster!, await madeElsewhere(cluster!, records))
      report.pods = check.pods
      report.excused = check.excused
      for (const message of check.problems) problem('pods', message)
    })

    await timed('reinstall', async () => {
      const before = await manifests(context)
      const again = await install(context)
      if (again) {
        problem('reinstall', tail(again))
        return
      }
      const after = await manifests(context)
      for (const release of context.releases) {
        const changes = await manifestChanges(
          cluster!,
          release.namespace,
          before.get(release.name) ?? '',
          after.get(release.name) ?? '',
        )
        for (const change of changes) {
          const line = `release ${release.name} changed ${change.object} ${change.path}: ${JSON.stringify(change.before)} became ${JSON.stringify(change.after)} (live: ${JSON.stringify(change.live)})`
          if (change.ownedBy) report.excused.push(`${line}: ${change.ownedBy}`)
          else problem('reinstall', line)
        }
      }
    })

    await timed('uninstall', async () => {
      const block = shellBlocks(readmeSection(readme, 'Uninstall')).join('\n')
      const order = uninstalledReleases(block).map((release) => release.name)
      const reverse = releases.map((release) => release.name).reverse()
      if (order.join() !== reverse.join())
        problem(
          'uninstall',
          `README uninstalls ${order.join(', ')}; the reverse install order is ${reverse.join(', ')}`,
        )
      const result = await run('bash', ['-euo', 'pipefail', '-c', block], {
        cwd: stackDir,
        env,
        timeoutMs: INSTALL_TIMEOUT_MS,
      })
      if (result.status !== 0) problem('uninstall', tail(result))
      // Every state Helm 3 and 4 both filter by (Helm 4 has no --all).
      const states = [
        '--deployed',
        '--failed',
        '--pending',
        '--superseded',
        '--uninstalled',
        '--uninstalling',
      ]
      const left = await run(helm.path, ['list', '--all-namespaces', ...states, '--short'], {
        env,
        timeoutMs: 60_000,
      })
      if (left.status !== 0) problem('uninstall', `helm list failed: ${tail(left)}`)
      else if (left.stdout.trim())
        problem('uninstall', `releases left after the uninstall steps: ${left.stdout.trim()}`)
      const recordsLeft = await releaseRecords(cluster!)
      if (recordsLeft.length)
        problem('uninstall', `release records left: ${recordsLeft.map((record) => record.name).join(', ')}`)
    })
    return report
  } catch (error) {
    problem(
      'install',
      `harness error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    )
    return report
  } finally {
    await cluster?.stop()
    rmSync(work, {recursive: true, force: true})
    forgetOnExit(work)
    report.totalMs = Date.now() - started
  }
}

/** One row per run: what was installed, what could not start and why, the largest release record. */
export function summaryTable(reports: RunReport[]): string {
  const rows = reports.map((report) => {
    const pods = report.problems.filter((problem) => problem.step === 'pods')
    const other = report.problems.filter((problem) => problem.step !== 'pods')
    return [
      report.stack,
      report.path,
      `Helm ${report.helm}`,
      report.installed ? 'yes' : 'NO',
      pods.length ? pods.map((problem) => problem.message).join('; ') : report.installed ? 'none' : '-',
      report.largestRecord
        ? `${report.largestRecord.release} ${(report.largestRecord.storedBytes / 1024).toFixed(0)} KiB`
        : '-',
      other.length
        ? other.map((problem) => `${problem.step}: ${problem.message.split('\n')[0]}`).join('; ')
        : '-',
      `${(report.totalMs / 1000).toFixed(0)}s`,
    ]
  })
  const header = [
    'stack',
    'path',
    'helm',
    'installed',
    'pods that cannot start',
    'largest record',
    'other problems',
    'time',
  ]
  return [header, header.map(() => '---'), ...rows].map((row) => `| ${row.join(' | ')} |`).join('\n')
}
