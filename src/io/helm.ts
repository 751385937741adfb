/** Runs helm through execa: the only place prodstack starts another program. */

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
  options: {cwd?: string; timeoutMs?: number} = {},
): Promise<HelmResult> {
  const {execa} = await import('execa')
  const result = await execa(bin, args, {
    cwd: options.cwd,
    reject: false,
    timeout: options.timeoutMs ?? 120_000,
    stdin: 'ignore',
  })
  const missing = Boolean(result.failed && result.exitCode === undefined && !result.timedOut)
  return {
    ok: !result.failed,
    exitCode: result.exitCode,
    stdout: String(result.stdout ?? ''),
    stderr: String(result.stderr ?? (missing ? result.shortMessage : '')),
    command: [bin, ...args].join(' '),
    timedOut: Boolean(result.timedOut),
    missing,
  }
}

/** `helm version --short`, or undefined when the binary cannot be run. */
export async function helmVersion(bin: string): Promise<string | undefined> {
  const result = await runHelm(bin, ['version', '--short'], {timeoutMs: 15_000})
  return result.ok ? result.stdout.trim() : undefined
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
