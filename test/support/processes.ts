import {spawn} from 'node:child_process'
import {rmSync} from 'node:fs'

/**
 * Child processes that must never outlive the tests: each runs in its own process group, and the
 * whole group is killed on stop(), on the worker's exit and, through a reaper, when the worker is
 * killed outright (SIGKILL, a crashed fork).
 */
const live = new Set<number>()
const scratch = new Set<string>()
let exitHandlerInstalled = false

function killGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal)
    return true
  } catch {
    return false
  }
}

function installExitHandler(): void {
  if (exitHandlerInstalled) return
  exitHandlerInstalled = true
  // 'exit' handlers must be synchronous: SIGKILL every group still alive.
  process.on('exit', cleanUpNow)
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      cleanUpNow()
      process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : 1))
    })
  }
}

function cleanUpNow(): void {
  for (const pgid of live) killGroup(pgid, 'SIGKILL')
  live.clear()
  for (const dir of scratch) rmSync(dir, {recursive: true, force: true})
  scratch.clear()
}

/** A directory to remove if the process exits before its owner removes it. */
export function removeOnExit(dir: string): void {
  installExitHandler()
  scratch.add(dir)
}

export function forgetOnExit(dir: string): void {
  scratch.delete(dir)
}

export function trackGroup(pgid: number): void {
  installExitHandler()
  live.add(pgid)
}

export function untrackGroup(pgid: number): void {
  live.delete(pgid)
}

function groupAlive(pgid: number): boolean {
  return killGroup(pgid, 0)
}

/** SIGTERM to the group, then SIGKILL after `graceMs` if anything in it is still alive. */
export async function stopGroup(pgid: number, graceMs = 5_000): Promise<void> {
  if (killGroup(pgid, 'SIGTERM')) {
    const deadline = Date.now() + graceMs
    while (groupAlive(pgid) && Date.now() < deadline) await sleep(100)
    if (groupAlive(pgid)) killGroup(pgid, 'SIGKILL')
    const killDeadline = Date.now() + 5_000
    while (groupAlive(pgid) && Date.now() < killDeadline) await sleep(50)
  }
  untrackGroup(pgid)
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

export interface RunResult {
  command: string
  status: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
  ms: number
  timedOut: boolean
}

export interface RunOptions {
  cwd?: string
  env?: NodeJS.ProcessEnv
  input?: string
  timeoutMs?: number
  /** Called with every chunk of stderr and stdout as it arrives (progress, watchdogs). */
  onOutput?: (chunk: string) => void
  /** Resolves to a reason to abort the run early (checked every `watchEveryMs`). */
  watch?: () => Promise<string | undefined>
  watchEveryMs?: number
}

/**
 * Runs a command in its own process group without blocking the event loop (the control plane's
 * helpers keep running meanwhile) and resolves with its output; never rejects for a non-zero exit.
 */
export function run(command: string, args: string[], options: RunOptions = {}): Promise<RunResult> {
  const started = performance.now()
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    const pgid = child.pid!
    trackGroup(pgid)
    let stdout = ''
    let stderr = ''
    let timedOut = false
    let aborted: string | undefined
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk
      options.onOutput?.(chunk)
    })
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk
      options.onOutput?.(chunk)
    })
    child.stdin.on('error', () => {})
    child.stdin.end(options.input ?? '')
    const timer = options.timeoutMs
      ? setTimeout(() => {
          timedOut = true
          void stopGroup(pgid, 2_000)
        }, options.timeoutMs)
      : undefined
    let watching = true
    const watchLoop = async () => {
      while (watching && options.watch) {
        await sleep(options.watchEveryMs ?? 3_000)
        if (!watching) return
        const reason = await options.watch().catch(() => undefined)
        if (reason && watching) {
          aborted = reason
          void stopGroup(pgid, 2_000)
          return
        }
      }
    }
    void watchLoop()
    let finished = false
    const finish = (status: number | null, signal: NodeJS.Signals | null, error?: Error) => {
      if (finished) return
      finished = true
      watching = false
      if (timer) clearTimeout(timer)
      // The command is done; anything it left in its group goes with it.
      void stopGroup(pgid, 1_000)
      if (error) stderr += `\n${error.message}`
      if (timedOut) stderr += `\n(killed after ${options.timeoutMs} ms)`
      if (aborted) stderr += `\n(stopped early: ${aborted})`
      resolve({
        command: [command, ...args].join(' '),
        status: aborted && status === 0 ? 1 : status,
        signal,
        stdout,
        stderr,
        ms: performance.now() - started,
        timedOut,
      })
    }
    child.on('error', (error) => finish(null, null, error))
    child.on('close', (status, signal) => finish(status, signal))
  })
}
