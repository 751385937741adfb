import {spawn} from 'node:child_process'
import {randomUUID} from 'node:crypto'
import {existsSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

/**
 * Child processes that must never outlive the tests. Each runs in its own process group and carries
 * this worker's token in its environment (PRODSTACK_TEST_OWNER), and nothing is ever signalled
 * without first finding a process of that group that carries the token: process ids are reused
 * quickly (pid_max is often 32768), and a group id whose processes are gone may already name someone
 * else's group. Everything is killed on stop(), on the worker's exit and, through a reaper, when the
 * worker dies without running its exit handlers (a signal, a crash).
 */
const OWNER_ENV = 'PRODSTACK_TEST_OWNER'
const OWNER = randomUUID()
const marker = join(tmpdir(), `prodstack-test-owner-${OWNER}`)
const scratch = new Set<string>()
let reaperStarted = false

/** The environment for a child process: `env` plus this worker's token. */
export function ownedEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return {...env, [OWNER_ENV]: OWNER}
}

/** Live processes carrying this worker's token, with their process group. */
function ownedProcesses(): Array<{pid: number; pgid: number}> {
  const found: Array<{pid: number; pgid: number}> = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      // "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      if (fields[0] === 'Z') continue
      const environ = readFileSync(`/proc/${entry}/environ`, 'latin1')
      if (!environ.split('\0').includes(`${OWNER_ENV}=${OWNER}`)) continue
      found.push({pid: Number(entry), pgid: Number(fields[2])})
    } catch {
      // gone, or not ours to read
    }
  }
  return found
}

function groupAlive(pgid: number): boolean {
  return ownedProcesses().some((process) => process.pgid === pgid)
}

/** Signals a group only while one of our processes is in it (so the group id is still ours). */
function signalGroup(pgid: number, signal: NodeJS.Signals): boolean {
  if (!groupAlive(pgid)) return false
  try {
    process.kill(-pgid, signal)
  } catch {
    // exited meanwhile
  }
  return true
}

function killEverythingOwned(): void {
  for (const {pid} of ownedProcesses()) {
    try {
      process.kill(pid, 'SIGKILL')
    } catch {
      // exited meanwhile
    }
  }
}

function cleanUpNow(): void {
  killEverythingOwned()
  for (const dir of scratch) rmSync(dir, {recursive: true, force: true})
  scratch.clear()
  rmSync(marker, {force: true})
}

const REAPER = `
parent=$1 started=$2 token=$3 marker=$4
alive() { [ "$(sed 's/.*) //' /proc/$parent/stat 2>/dev/null | cut -d' ' -f20)" = "$started" ]; }
while alive && [ -f "$marker" ]; do sleep 1; done
[ -f "$marker" ] || exit 0
for p in /proc/[0-9]*; do
  if tr '\\0' '\\n' < "$p/environ" 2>/dev/null | grep -qxF "PRODSTACK_TEST_OWNER=$token"; then kill -KILL "\${p#/proc/}" 2>/dev/null; fi
done
tail -n +2 "$marker" | while IFS= read -r dir; do rm -rf "$dir"; done
rm -f "$marker"
`

/** Starts, once per worker, the reaper that cleans up if this process dies without its exit handler. */
function ensureReaper(): void {
  if (reaperStarted) return
  reaperStarted = true
  process.on('exit', cleanUpNow)
  writeMarker()
  const stat = readFileSync(`/proc/${process.pid}/stat`, 'utf8')
  const started = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]!
  // The reaper does not carry the token, so it never kills itself.
  const reaper = spawn('sh', ['-c', REAPER, 'reaper', String(process.pid), started, OWNER, marker], {
    detached: true,
    stdio: 'ignore',
  })
  reaper.unref()
}

function writeMarker(): void {
  writeFileSync(marker, `${['prodstack test worker: scratch directories', ...scratch].join('\n')}\n`)
}

/** A directory to remove if the process exits before its owner removes it. */
export function removeOnExit(dir: string): void {
  ensureReaper()
  scratch.add(dir)
  writeMarker()
}

export function forgetOnExit(dir: string): void {
  scratch.delete(dir)
  if (existsSync(marker)) writeMarker()
}

/** Call before spawning anything with ownedEnv(): makes sure the reaper runs. */
export function prepareToSpawn(): void {
  ensureReaper()
}

/** SIGTERM to the group, then SIGKILL after `graceMs` if anything of ours is still in it. */
export async function stopGroup(pgid: number, graceMs = 5_000): Promise<void> {
  if (!signalGroup(pgid, 'SIGTERM')) return
  const deadline = Date.now() + graceMs
  while (groupAlive(pgid) && Date.now() < deadline) await sleep(200)
  if (signalGroup(pgid, 'SIGKILL')) {
    const killDeadline = Date.now() + 5_000
    while (groupAlive(pgid) && Date.now() < killDeadline) await sleep(100)
  }
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
    prepareToSpawn()
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: ownedEnv(options.env ?? process.env),
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    const pgid = child.pid!
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
