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
