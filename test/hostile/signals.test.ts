/**
 * Runs interrupted at any moment: SIGINT and SIGTERM at many points of `init` (start-up, planning,
 * rendering, and — triggered by the temporary directory appearing — in the middle of writing),
 * SIGKILL followed by a later run that recovers, and Ctrl-C, SIGTERM and SIGHUP at the prompts of
 * the questionnaire. Whatever moment a signal lands, the target holds its previous contents or the
 * complete new stack (byte for byte the stack of an uninterrupted run), no temporary directory is
 * left once the run is over (or, after SIGKILL, once the next run has recovered), and nothing next
 * to the target changes.
 */
import {spawnSync} from 'node:child_process'
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  watch,
  writeFileSync,
} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {setTimeout as sleep} from 'node:timers/promises'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {BIN, readFiles, requireBuild, runCli, snapshotTree, startCli} from '../support/cli.js'
import {describeWithTmux, tmuxServer} from '../support/tmux.js'

const FULL = ['init', '--yes', '--preset', 'full', '--no-dependency-update']
/** Delays after start (ms): start-up, loading, planning, rendering, writing, exiting. */
const DELAYS = [0, 15, 35, 60, 90, 120, 150, 180, 220, 300]
/** Runs per signal that are signalled the moment the temporary directory appears (mid-write). */
const MID_WRITE_RUNS = 3

let root: string
let complete: Map<string, Buffer>
let previous: Map<string, Buffer>

beforeAll(() => {
  requireBuild()
  root = mkdtempSync(join(tmpdir(), 'prodstack-signals-'))
  // What an uninterrupted run writes, and an older stack for --force to replace.
  const reference = join(root, 'reference')
  mkdirSync(reference)
  // Each in a directory named `stack`, like the runs under test: the directory names the stack.
  for (const [args, target] of [
    [FULL, 'complete'],
    [['init', '--yes', '--preset', 'minimal', '--no-dependency-update'], 'previous'],
  ] as const) {
    mkdirSync(join(reference, target))
    const result = runCli(join(reference, target), [...args, 'stack'])
    if (result.status !== 0) throw new Error(`reference run failed: ${result.stderr}`)
  }
  complete = readFiles(join(reference, 'complete', 'stack'))
  previous = readFiles(join(reference, 'previous', 'stack'))
})
afterAll(() => {
  if (root) rmSync(root, {recursive: true, force: true})
})

type Outcome = 'absent' | 'previous' | 'complete'

/** The state of `dir/stack`: absent, the previous stack or the complete new one — or a failure. */
function stackState(dir: string): Outcome {
  const target = join(dir, 'stack')
  if (!existsSync(target)) return 'absent'
  const files = readFiles(target)
  if (sameFiles(files, complete)) return 'complete'
  if (sameFiles(files, previous)) return 'previous'
  const missing = [...complete.keys()].filter((path) => !files.has(path))
  throw new Error(`${target} is partial: ${files.size} files, ${missing.length} of the new stack missing`)
}

function sameFiles(a: Map<string, Buffer>, b: Map<string, Buffer>): boolean {
  if (a.size !== b.size) return false
  for (const [path, contents] of a) if (!b.get(path)?.equals(contents)) return false
  return true
}

const leftovers = (dir: string) => readdirSync(dir).filter((entry) => entry.startsWith('.stack.prodstack-'))

/** A directory for one run: the previous stack (for --force) and things next to it that must stay. */
function scene(withPrevious: boolean): string {
  const dir = mkdtempSync(join(root, 'run-'))
  writeFileSync(join(dir, 'neighbour.txt'), 'not part of the stack\n')
  mkdirSync(join(dir, 'other-project'))
  writeFileSync(join(dir, 'other-project/main.go'), 'package main\n')
  if (withPrevious) cpSync(join(root, 'reference/previous/stack'), join(dir, 'stack'), {recursive: true})
  return dir
}

/** The scene without the stack: what must be unchanged whatever happened to the stack. */
function surroundings(dir: string): Map<string, string> {
  const tree = snapshotTree(dir)
  for (const path of tree.keys()) if (path === 'stack' || path.startsWith('stack/')) tree.delete(path)
  return tree
}

interface Interrupted {
  code: number | null
  signal: NodeJS.Signals | null
}

/**
 * Starts `prodstack ARGS stack` in `dir` and sends `signal` after `delay` ms, or — with delay
 * 'mid-write' — as soon as the temporary directory of the write appears.
 */
async function interrupt(
  dir: string,
  args: string[],
  signal: NodeJS.Signals,
  delay: number | 'mid-write',
): Promise<Interrupted> {
  const child = startCli(dir, [...args, 'stack'])
  const exited = new Promise<Interrupted>((resolve) =>
    child.on('exit', (code, received) => resolve({code, signal: received})),
  )
  child.stdout.resume()
  child.stderr.resume()
  let watcher: ReturnType<typeof watch> | undefined
  if (delay === 'mid-write') {
    watcher = watch(dir, (_event, name) => {
      if (String(name).startsWith('.stack.prodstack-new-')) child.kill(signal)
    })
  } else {
    await sleep(delay)
    child.kill(signal)
  }
  // A run that finished before the signal is fine: its result is checked like any other.
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000)
  const result = await exited
  clearTimeout(timer)
  watcher?.close()
  return result
}

const schedule = (): Array<number | 'mid-write'> => [
  ...DELAYS,
  ...Array<'mid-write'>(MID_WRITE_RUNS).fill('mid-write'),
]

describe('init interrupted by SIGINT or SIGTERM', () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`${signal} at ${DELAYS.length} moments and mid-write: no stack or the complete stack, nothing left over`, async () => {
      const seen = new Map<Outcome, number>()
      for (const delay of schedule()) {
        const dir = scene(false)
        const around = surroundings(dir)
        const result = await interrupt(dir, FULL, signal, delay)
        const outcome = stackState(dir)
        seen.set(outcome, (seen.get(outcome) ?? 0) + 1)
        expect(outcome, `${signal} at ${delay}`).not.toBe('previous')
        // Killed by the signal, or finished: never a failure of its own.
        if (result.signal === null) expect(result.code, `${signal} at ${delay}`).toBe(0)
        if (result.code === 0) expect(outcome).toBe('complete')
        expect(leftovers(dir), `${signal} at ${delay}`).toEqual([])
        expect(surroundings(dir)).toEqual(around)
      }
      console.log(`${signal}, new stack: ${JSON.stringify(Object.fromEntries(seen))}`)
      // The schedule reaches both sides: runs stopped before writing, and runs that completed.
      expect(seen.get('absent') ?? 0).toBeGreaterThan(0)
      expect(seen.get('complete') ?? 0).toBeGreaterThan(0)
    })

    it(`${signal} during --force over an existing stack: the previous or the complete stack, nothing else touched`, async () => {
      const seen = new Map<Outcome, number>()
      for (const delay of schedule()) {
        const dir = scene(true)
        const around = surroundings(dir)
        const result = await interrupt(dir, [...FULL, '--force'], signal, delay)
        const outcome = stackState(dir)
        seen.set(outcome, (seen.get(outcome) ?? 0) + 1)
        expect(outcome, `${signal} at ${delay}`).not.toBe('absent')
        if (result.signal === null) expect(result.code, `${signal} at ${delay}`).toBe(0)
        expect(leftovers(dir), `${signal} at ${delay}`).toEqual([])
        expect(surroundings(dir)).toEqual(around)
      }
      console.log(`${signal}, --force: ${JSON.stringify(Object.fromEntries(seen))}`)
      expect(seen.get('previous') ?? 0).toBeGreaterThan(0)
      expect(seen.get('complete') ?? 0).toBeGreaterThan(0)
    })
  }
})

describe('init killed outright (SIGKILL)', () => {
  it('the next run recovers: the previous or the complete stack, and no temporary directory', async () => {
    const seen = new Map<string, number>()
    // Every other delay (each kill is followed by a recovering run), and the mid-write ones.
    const kills = schedule().filter((delay, index) => delay === 'mid-write' || index % 2 === 0)
    for (const withPrevious of [false, true]) {
      for (const delay of kills) {
        const dir = scene(withPrevious)
        const around = surroundings(dir)
        await interrupt(dir, withPrevious ? [...FULL, '--force'] : FULL, 'SIGKILL', delay)
        // Killed outright, a run cannot clean up: a temporary directory may be left, and during
        // the swap the previous stack may be moved aside. The target itself is never partial.
        const killed = stackState(dir)
        const left = leftovers(dir).length
        // The next run (here one that must not overwrite a stack) puts things right first.
        const next = runCli(dir, ['init', '--yes', '--preset', 'minimal', '--no-dependency-update', 'stack'])
        const recovered = stackState(dir)
        const key = `${withPrevious ? '--force' : 'new'}: ${killed}${left > 0 ? ` + ${left} left over` : ''}`
        seen.set(key, (seen.get(key) ?? 0) + 1)
        const label = `SIGKILL at ${delay}, ${key}`
        if (withPrevious) {
          expect(['previous', 'complete'], label).toContain(recovered)
          if (killed !== 'absent') expect(recovered, label).toBe(killed)
          expect(next.status, label).toBe(1)
          expect(next.stderr).toContain('pass --force to replace this stack')
        } else if (killed === 'absent') {
          // Nothing had been written: the next run wrote its own stack.
          expect(next.status, `${label}: ${next.stderr}`).toBe(0)
          expect(readFiles(join(dir, 'stack')).get('prodstack.yaml')?.toString()).toContain('preset: minimal')
        } else {
          expect(killed, label).toBe('complete')
          expect(recovered, label).toBe('complete')
          expect(next.status, label).toBe(1)
        }
        expect(leftovers(dir), label).toEqual([])
        expect(surroundings(dir)).toEqual(around)
      }
    }
    // How many kills landed mid-write depends on the machine; the next test makes that case certain.
    console.log(`SIGKILL: ${JSON.stringify(Object.fromEntries(seen))}`)
  })

  /** A pid no process can have (above Linux's largest pid_max): the run that left these is dead. */
  const DEAD = 2 ** 22 + 12345

  it('the next run puts back a previous stack a run killed mid-swap had moved aside', () => {
    const dir = scene(false)
    const around = surroundings(dir)
    // Killed between the two renames: the previous stack aside, the new one complete but not in place.
    cpSync(join(root, 'reference/previous/stack'), join(dir, `.stack.prodstack-old-${DEAD}`), {
      recursive: true,
    })
    cpSync(join(root, 'reference/complete/stack'), join(dir, `.stack.prodstack-new-${DEAD}`), {
      recursive: true,
    })
    const next = runCli(dir, [...FULL, 'stack'])
    expect(next.status).toBe(1)
    expect(next.stderr).toContain('pass --force to replace this stack')
    expect(stackState(dir)).toBe('previous')
    expect(leftovers(dir)).toEqual([])
    expect(surroundings(dir)).toEqual(around)
  })

  it('the next run removes a half-written copy and writes the stack', () => {
    const dir = scene(false)
    const around = surroundings(dir)
    const staging = join(dir, `.stack.prodstack-new-${DEAD}`)
    mkdirSync(join(staging, '10-crds-istio'), {recursive: true})
    writeFileSync(join(staging, '10-crds-istio/Chart.yaml'), 'apiVersion: v2\nname: half')
    const next = runCli(dir, [...FULL, 'stack'])
    expect(next.status, next.stderr).toBe(0)
    expect(stackState(dir)).toBe('complete')
    expect(leftovers(dir)).toEqual([])
    expect(surroundings(dir)).toEqual(around)
  })
})

describeWithTmux('the questionnaire interrupted', () => {
  const socket = `prodstack-signals-${process.pid}`
  const {tmux, config: tmuxConfig} = tmuxServer(socket, () => root)
  let sessions = 0

  /** `prodstack init` in a tmux pane, in an empty directory; its exit code goes to a file next to it. */
  function start() {
    const name = `prompt${++sessions}`
    const cwd = join(root, name)
    const state = join(root, `${name}-state`)
    mkdirSync(cwd)
    mkdirSync(state)
    const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`
    const env = {PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: root, TERM: 'xterm-256color', NO_COLOR: '1'}
    writeFileSync(
      join(state, 'run.sh'),
      [
        // The shell outlives the signals so it can record how the CLI ended.
        'trap : INT TERM HUP',
        `cd ${quote(cwd)}`,
        `env -i ${Object.entries(env)
          .map(([key, value]) => `${key}=${quote(value)}`)
          .join(' ')} ${quote(process.execPath)} ${quote(BIN)} init 2> ${quote(join(state, 'stderr'))}`,
        `echo $? > ${quote(join(state, 'exit-code'))}`,
      ].join('\n'),
    )
    tmux(
      '-f',
      tmuxConfig(),
      'new-session',
      '-d',
      '-s',
      name,
      '-x',
      '120',
      '-y',
      '50',
      `sh ${quote(join(state, 'run.sh'))}`,
    )
    const screen = () => tmux('capture-pane', '-p', '-J', '-S', '-1000', '-t', name)
    return {
      cwd,
      /**
       * Waits until `answered` questions show as answered ("✔ ...") and a question is asked after
       * them ("? ..."), and returns that question's line.
       */
      async nextPrompt(answered: number): Promise<string> {
        const deadline = Date.now() + 15_000
        for (;;) {
          const shown = screen()
          const lines = shown.split('\n')
          const done = lines.filter((line) => line.startsWith('✔ ')).length
          const lastDone = lines.findLastIndex((line) => line.startsWith('✔ '))
          const asking = lines.findLastIndex((line) => line.startsWith('? '))
          if (done > answered) throw new Error(`a question was answered twice:\n${shown}`)
          if (done === answered && asking > lastDone) return lines[asking]!
          if (Date.now() > deadline)
            throw new Error(`timed out waiting for question ${answered + 1}:\n${shown}`)
          await sleep(50)
        }
      },
      async exitCode(): Promise<number> {
        const file = join(state, 'exit-code')
        const deadline = Date.now() + 15_000
        while (!existsSync(file) || readFileSync(file, 'utf8').trim() === '') {
          if (Date.now() > deadline) throw new Error(`the CLI did not exit:\n${screen()}`)
          await sleep(50)
        }
        return Number(readFileSync(file, 'utf8').trim())
      },
      /** The CLI's pid: the only child of the pane's shell. */
      cliPid(): number {
        const shell = tmux('display-message', '-p', '-t', name, '#{pane_pid}').trim()
        const children = spawnSync('ps', ['-o', 'pid=', '--ppid', shell], {encoding: 'utf8'}).stdout.trim()
        const pid = Number(children.split('\n')[0])
        if (!pid) throw new Error(`no CLI process under shell ${shell}`)
        return pid
      },
      type: (text: string) => tmux('send-keys', '-t', name, '-l', text),
      press: (...keys: string[]) => tmux('send-keys', '-t', name, ...keys),
    }
  }

  /** Prompts to stop at, each reached by answering the ones before it with their defaults. */
  const stops: Array<{name: string; until: RegExp}> = [
    {name: 'the first question (text)', until: /^\? Stack name/},
    {name: 'a choice (select)', until: /^\? Cluster flavour/},
    {name: 'a multiple choice (checkbox)', until: /^\? Dashboards/},
    {name: 'the confirmation, with the plan rendered', until: /^\? Write \d+ files to my-stack\?/},
  ]

  /**
   * Answers every question with its default (Enter) until the question asked matches `until`.
   * Enter is pressed once per question, and only once the question is on screen and every earlier
   * one shows as answered, so the confirmation is never answered by mistake.
   */
  async function answerDefaultsUntil(run: ReturnType<typeof start>, until: RegExp): Promise<void> {
    for (let answered = 0; answered < 40; answered++) {
      const prompt = await run.nextPrompt(answered)
      if (until.test(prompt)) return
      if (/^\? Write /.test(prompt)) throw new Error(`reached the confirmation before ${until}`)
      run.press('Enter')
    }
    throw new Error(`never reached ${until}`)
  }

  for (const stop of stops) {
    for (const how of ['Ctrl-C', 'SIGTERM', 'SIGHUP'] as const) {
      it(`${how} at ${stop.name} writes nothing`, async () => {
        const run = start()
        await answerDefaultsUntil(run, stop.until)
        if (how === 'Ctrl-C') run.press('C-c')
        else process.kill(run.cliPid(), how)
        const code = await run.exitCode()
        expect(code).toBe(how === 'Ctrl-C' ? 130 : how === 'SIGTERM' ? 143 : 129)
        expect(readdirSync(run.cwd)).toEqual([])
      })
    }
  }
})
