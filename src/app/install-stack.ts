import {join} from 'node:path'
import {type Problem, UserError} from '../errors.js'
import {dependencyCrds, presentDependencies} from '../io/chart-files.js'
import {failureDetail} from '../io/helm.js'
import {type InstallStep, stepsOf} from '../plan/install-steps.js'
import type {Plan} from '../plan/types.js'
import {
  applyCrds,
  type ClusterTools,
  checkKubernetesVersion,
  checkSecrets,
  clusterVersion,
  createSecretCommand,
  durationMs,
  helm,
  helmTargetArgs,
  kubectl,
  kubectlError,
  kubectlTargetArgs,
  releaseExists,
  requireHelm,
} from './cluster.js'
import {loadWrittenStack} from './pipeline.js'

type ReleaseStep = Extract<InstallStep, {kind: 'release'}>

export interface InstallOptions {
  tools: ClusterTools
  /** Helm's --timeout for each release (a Go duration). */
  timeout: string
  /** Start at this layer (its directory or release name), after the namespaces and Secrets. */
  from?: string
  dryRun?: boolean
  /** How the user runs prodstack (`prodstack`, `helm prodstack`), for the resume command. */
  invokedAs: string
  progress?: (event: InstallProgress) => void
}

export type InstallProgress =
  | {kind: 'check'; message: string}
  | {kind: 'release-start'; index: number; total: number; release: string; dir: string}
  | {kind: 'crds'; index: number; total: number; release: string; dir: string; count: number}
  | {
      kind: 'release-done'
      index: number
      total: number
      release: string
      dir: string
      ms: number
      ok: boolean
    }

export interface InstallStepResult {
  kind: InstallStep['kind']
  status: 'ok' | 'skipped' | 'failed' | 'not-run' | 'planned'
  release?: string
  namespace?: string
  dir?: string
  ms?: number
  /** CRDs from the layer's charts' crds/ applied server-side before an upgrade. */
  crds?: number
  commands: string[]
}

export interface InstallResult {
  dir: string
  dryRun: boolean
  kubernetes?: string
  steps: InstallStepResult[]
}

/** The arguments of the command that applies one step; none for the Secrets step (it is checked). */
function stepArgs(
  step: InstallStep,
  timeout: string,
): {tool: 'helm' | 'kubectl'; args: string[]} | undefined {
  switch (step.kind) {
    case 'namespaces':
      return {tool: 'kubectl', args: ['apply', '-f', step.file]}
    case 'secrets':
      return undefined
    case 'release':
      return {
        tool: 'helm',
        args: [
          'upgrade',
          '--install',
          step.release,
          `./${step.dir}`,
          '--namespace',
          step.namespace,
          '--create-namespace',
          '--wait',
          '--timeout',
          timeout,
        ],
      }
  }
}

/**
 * The command line `install` runs for a step, as `--dry-run` prints it. The README's steps run
 * `helm dependency update` too; install does not download: it requires the charts in charts/.
 */
export function installCommand(step: InstallStep, tools: ClusterTools, timeout: string): string | undefined {
  const command = stepArgs(step, timeout)
  if (!command) return undefined
  const target = command.tool === 'helm' ? helmTargetArgs(tools.target) : kubectlTargetArgs(tools.target)
  return [command.tool === 'helm' ? tools.helm : tools.kubectl, ...command.args, ...target].join(' ')
}

function normalizeLayer(text: string): string {
  return text.replace(/^\.\//, '').replace(/\/+$/, '') || '.'
}

/** The release steps from `from` (a layer directory or release name) on; all of them without it. */
export function releasesFrom(plan: Plan, from: string | undefined): ReleaseStep[] {
  const releases = stepsOf(plan.install, 'release')
  if (from === undefined) return releases
  const wanted = normalizeLayer(from)
  const index = releases.findIndex((step) => step.dir === wanted || step.release === wanted)
  if (index < 0)
    throw new UserError('INVALID_OPTION', `--from ${from} is not a layer of this stack`, [
      {
        source: '--from',
        message: `no layer directory or release named ${from}`,
        hint: `one of: ${releases.map((step) => step.dir).join(', ')}`,
      },
    ])
  return releases.slice(index)
}

/** Every dependency each layer pins must be in its charts/: install never downloads. */
function checkCharts(dir: string, plan: Plan, releases: readonly ReleaseStep[]): void {
  const problems: Problem[] = []
  for (const step of releases) {
    const layer = plan.layers.find((candidate) => candidate.dir === step.dir)
    if (!layer) continue
    const present = presentDependencies(join(dir, step.dir))
    const absent = layer.charts.filter((chart) => !present.has(`${chart.chart}@${chart.version}`))
    if (absent.length > 0)
      problems.push({
        source: join(dir, step.dir, 'charts'),
        message: `lacks ${absent.map((chart) => `${chart.chart} ${chart.version}`).join(', ')}`,
        hint: `run helm dependency update ./${step.dir} in ${dir}`,
      })
  }
  if (problems.length > 0)
    throw new UserError(
      'CHARTS_MISSING',
      `${dir} lacks charts its layers depend on; nothing was installed`,
      problems,
    )
}

/**
 * Installs a written stack by its plan's install steps: checks the charts are present and the
 * cluster answers, checks every prerequisite Secret (before changing anything), applies the
 * namespaces, then installs the releases in order with `helm upgrade --install --wait`, stopping at
 * the first that fails with how to resume.
 */
export async function installStack(dir: string, options: InstallOptions): Promise<InstallResult> {
  const {plan} = loadWrittenStack(dir)
  const {tools, timeout} = options
  const timeoutMs = durationMs(timeout)
  if (timeoutMs === undefined)
    throw new UserError('INVALID_OPTION', `--timeout ${timeout} is not a duration`, [
      {source: '--timeout', message: `${timeout} is not a duration`, hint: 'e.g. 10m, 90s, 1h'},
    ])
  const releases = releasesFrom(plan, options.from)
  const chosen = new Set(releases.map((step) => step.dir))
  const steps = plan.install.filter((step) => step.kind !== 'release' || chosen.has(step.dir))
  const results: InstallStepResult[] = steps.map((step) => {
    const command = installCommand(step, tools, timeout)
    return {
      kind: step.kind,
      status: options.dryRun ? 'planned' : 'not-run',
      ...(step.kind === 'release' ? {release: step.release, namespace: step.namespace, dir: step.dir} : {}),
      commands: command ? [command] : [],
    }
  })
  if (options.dryRun) return {dir, dryRun: true, steps: results}

  checkCharts(dir, plan, releases)
  await requireHelm(tools)
  const progress = options.progress ?? (() => {})
  const kubernetes = await clusterVersion(tools)
  progress({kind: 'check', message: `cluster ${kubernetes}`})
  const notice = checkKubernetesVersion(kubernetes)
  if (notice) progress({kind: 'check', message: notice})

  const secrets = stepsOf(steps, 'secrets').flatMap((step) => step.secrets)
  const checks = await checkSecrets(tools, secrets)
  const lacking = checks.filter((check) => check.missing || check.missingKeys.length > 0)
  if (lacking.length > 0) {
    throw new UserError(
      'PREREQUISITES_MISSING',
      `${lacking.length} prerequisite Secret(s) missing; nothing was installed. Create them, then run install again:\n${lacking
        .map(
          (check) =>
            `  ${createSecretCommand({...check, keys: check.missing ? check.keys : check.missingKeys})}`,
        )
        .join('\n')}`,
      lacking.map((check) => ({
        source: `Secret ${check.namespace}/${check.name}`,
        message: check.error
          ? `cannot be read: ${check.error}`
          : check.missing
            ? `is missing (${check.why})`
            : `lacks key(s) ${check.missingKeys.join(', ')} (${check.why})`,
      })),
      1,
      {dir, kubernetes, steps: results},
    )
  }
  const secretsResult = results.find((result) => result.kind === 'secrets')
  if (secretsResult) secretsResult.status = 'ok'

  // Ctrl-C (or SIGTERM) lets the Helm operation under way finish, or fail, and is then reported:
  // the releases before it are installed, the resume command says where to go on.
  let interrupted: NodeJS.Signals | undefined
  const hold = (signal: NodeJS.Signals) => {
    interrupted = signal
  }
  const held = ['SIGINT', 'SIGTERM'] as const
  for (const signal of held) process.on(signal, hold)
  try {
    return await installSteps(dir, steps, releases, results, options, kubernetes, () => interrupted)
  } finally {
    for (const signal of held) process.removeListener(signal, hold)
  }
}

/** Exit code of an interrupted install (128 + SIGINT), as shells report it. */
const INTERRUPTED_EXIT = 130

async function installSteps(
  dir: string,
  steps: InstallStep[],
  releases: ReleaseStep[],
  results: InstallStepResult[],
  options: InstallOptions,
  kubernetes: string,
  interrupted: () => NodeJS.Signals | undefined,
): Promise<InstallResult> {
  const {tools, timeout} = options
  const timeoutMs = durationMs(timeout)!
  const progress = options.progress ?? (() => {})
  const total = releases.length
  // Every failure carries the steps so far, so --json shows what was installed before it.
  const output = {dir, kubernetes, steps: results}
  const resumeFrom = (at: string) => `resume with: ${options.invokedAs} install ${dir} --from ${at}`
  const failed = (message: string, problems: Problem[] = []) =>
    new UserError('INSTALL_FAILED', message, problems, 1, output)
  let index = 0
  for (const [position, step] of steps.entries()) {
    const result = results[position]!
    if (step.kind === 'secrets') continue
    const command = stepArgs(step, timeout)!
    if (step.kind === 'namespaces') {
      const started = performance.now()
      const applied = await kubectl(tools, command.args, {cwd: dir, timeoutMs: 120_000})
      result.ms = Math.round(performance.now() - started)
      if (!applied.ok) {
        result.status = 'failed'
        throw failed(`kubectl apply -f ${step.file} failed: ${kubectlError(applied)}`)
      }
      result.status = 'ok'
      continue
    }
    const early = interrupted()
    if (early)
      throw new UserError(
        'INTERRUPTED',
        `Interrupted (${early}): ${total - index} release(s) not installed`,
        [
          {
            source: step.dir,
            message: 'not installed',
            hint: resumeFrom(step.dir),
          },
        ],
        INTERRUPTED_EXIT,
        output,
      )
    index += 1
    progress({kind: 'release-start', index, total, release: step.release, dir: step.dir})
    const started = performance.now()
    const crds = dependencyCrds(join(dir, step.dir))
    if (crds.length > 0 && (await releaseExists(tools, step.release, step.namespace))) {
      const applied = await applyCrds(tools, crds)
      if (!applied.ok) {
        result.status = 'failed'
        throw failed(
          `release ${step.release} (${step.dir}): applying the CRDs of its charts failed: ${kubectlError(applied)}`,
          [
            {
              source: step.dir,
              message: 'the releases before it are installed; this one was not upgraded',
              hint: resumeFrom(step.dir),
            },
          ],
        )
      }
      result.crds = crds.length
      progress({kind: 'crds', index, total, release: step.release, dir: step.dir, count: crds.length})
    }
    const installed = await helm(tools, command.args, {cwd: dir, timeoutMs: timeoutMs + 60_000})
    result.ms = Math.round(performance.now() - started)
    progress({
      kind: 'release-done',
      index,
      total,
      release: step.release,
      dir: step.dir,
      ms: result.ms,
      ok: installed.ok,
    })
    const signal = interrupted()
    // Interrupted after the last release succeeded: nothing is left to do.
    if (signal && !(installed.ok && index === total)) {
      result.status = installed.ok ? 'ok' : 'failed'
      const next = installed.ok ? releases[index] : step
      const outcome = installed.ok ? 'finished' : `failed: ${failureDetail(installed)}`
      throw new UserError(
        'INTERRUPTED',
        `Interrupted (${signal}): release ${step.release} (${step.dir}) ${outcome}; ${total - index + (installed.ok ? 0 : 1)} release(s) not installed`,
        next
          ? [
              {
                source: next.dir,
                message: 'not installed',
                hint: resumeFrom(next.dir),
              },
            ]
          : [],
        INTERRUPTED_EXIT,
        output,
      )
    }
    if (!installed.ok) {
      result.status = 'failed'
      const full = installed.stderr.trim() || installed.stdout.trim()
      throw failed(`release ${step.release} (${step.dir}) failed: ${failureDetail(installed)}`, [
        ...(full && full !== failureDetail(installed) ? [{source: 'helm', message: full}] : []),
        {source: step.dir, message: 'the releases before it are installed', hint: resumeFrom(step.dir)},
      ])
    }
    result.status = 'ok'
  }
  return {dir, dryRun: false, kubernetes, steps: results}
}
