/** Runs helm (and, through io/kube.ts, kubectl) with execa: the only place prodstack starts another program. */

export interface HelmResult {
  ok: boolean
  exitCode: number | undefined
  stdout: string
  stderr: string
  /** The command line, for messages ("run this later"). */
  command: string
  timedOut: boolean
  /** The binary could not be started at all (not installed, not executable). */
  missing: boolean
}

export async function runHelm(
  bin: string,
  args: string[],
  options: {cwd?: string; timeoutMs?: number; input?: string} = {},
): Promise<HelmResult> {
  const {execa} = await import('execa')
  const result = await execa(bin, args, {
    cwd: options.cwd,
    reject: false,
    timeout: options.timeoutMs ?? 120_000,
    // Never the user's terminal: a tool that asks for input fails instead of waiting.
    ...(options.input === undefined ? {stdin: 'ignore' as const} : {input: options.input}),
  })
  const missing = Boolean(result.failed && result.exitCode === undefined && !result.timedOut)
  return {
    ok: !result.failed,
    exitCode: result.exitCode,
    stdout: String(result.stdout ?? ''),
    // A binary that could not be started wrote nothing: execa's message says why (ENOENT, EACCES).
    stderr: String(result.stderr || (missing ? result.shortMessage : '')),
    command: [bin, ...args].join(' '),
    timedOut: Boolean(result.timedOut),
    missing,
  }
}

/** `helm version --short`, or undefined when the binary cannot be run. */
export async function helmVersion(bin: string): Promise<string | undefined> {
  const probe = await probeHelm(bin)
  return 'version' in probe ? probe.version : undefined
}

/** Whether `bin` runs: its `helm version --short`, or why it does not run, in a few words. */
export async function probeHelm(bin: string): Promise<{version: string} | {unavailable: string}> {
  const result = await runHelm(bin, ['version', '--short'], {timeoutMs: 15_000})
  if (result.ok) return {version: result.stdout.trim()}
  if (result.timedOut) return {unavailable: `${bin} version timed out`}
  if (result.missing) {
    if (/\bENOENT\b/.test(result.stderr))
      return {unavailable: bin.includes('/') ? `${bin} does not exist` : `${bin} is not on PATH`}
    if (/\bEACCES\b/.test(result.stderr)) return {unavailable: `${bin} is not executable`}
    return {unavailable: `${bin} could not be run: ${lastLine(result.stderr) ?? 'unknown error'}`}
  }
  return {unavailable: `${bin} version failed: ${helmError(result)}`}
}

function lastLine(text: string): string | undefined {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .at(-1)
}

/** Helm's own error message: its last `Error:` line, else its last line on stderr, else the exit code. */
function helmError(result: Pick<HelmResult, 'stderr' | 'exitCode'>): string {
  const lines = result.stderr.split('\n').map((line) => line.trim())
  const error = lines.filter((line) => line.startsWith('Error:')).at(-1) ?? lastLine(result.stderr)
  return error?.replace(/^Error:\s*/, '') ?? `exit code ${result.exitCode}`
}

/**
 * Why a helm command failed, in one line that keeps the cause. When a chart repository cannot be
 * reached, Helm reports the cause (`dial tcp: lookup ...: no such host`) on stdout, on the line
 * after "Unable to get an update from ...", and then fails with a consequence ("no cached
 * repository"): the causes are the detail, with Helm's error after them unless it is that
 * consequence.
 */
export function failureDetail(
  result: Pick<HelmResult, 'stdout' | 'stderr' | 'exitCode' | 'timedOut'>,
): string {
  if (result.timedOut) return 'timed out'
  const causes: string[] = []
  const lines = `${result.stdout}\n${result.stderr}`.split('\n')
  for (const [index, line] of lines.entries()) {
    const unreachable = /Unable to get an update from the "([^"]+)" chart repository/.exec(line)
    const cause = lines
      .slice(index + 1)
      .find((next) => next.trim())
      ?.trim()
    if (unreachable && cause) causes.push(`cannot reach ${unreachable[1]}: ${cause}`)
  }
  const error = helmError(result)
  if (causes.length === 0) return error
  // "no cached repository for helm-manager-<hash>" only says that the repository was not reached.
  return /no cached repository/.test(error) ? causes.join('; ') : `${causes.join('; ')}; ${error}`
}

export interface LintMessages {
  errors: string[]
  warnings: string[]
}

/**
 * The [ERROR] and [WARNING] messages of `helm lint` output, one string per message: Helm 4 continues
 * a message on indented lines, which are joined to it. [INFO] lines are left out. When Helm failed
 * without an [ERROR] line (no such chart, say), its `Error:` line is the error.
 */
export function lintMessages(result: Pick<HelmResult, 'ok' | 'stdout' | 'stderr'>): LintMessages {
  const messages: LintMessages = {errors: [], warnings: []}
  let current: string[] | undefined
  let last = -1
  for (const line of result.stdout.split('\n')) {
    const level = /^\[(ERROR|WARNING|INFO)\]\s+(.*)$/.exec(line)
    if (level) {
      current =
        level[1] === 'ERROR' ? messages.errors : level[1] === 'WARNING' ? messages.warnings : undefined
      if (current) last = current.push(level[2]!.trim()) - 1
    } else if (current && /^\s+\S/.test(line)) {
      current[last] = `${current[last]} ${line.trim()}`
    } else {
      current = undefined
    }
  }
  if (!result.ok && messages.errors.length === 0) {
    const failure = result.stderr
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !/chart\(s\) linted/.test(line))
      .at(-1)
    messages.errors.push(failure ?? 'helm lint failed')
  }
  return messages
}
