import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import {basename, dirname, join, resolve} from 'node:path'
import {UserError} from '../errors.js'
import type {FileSet} from '../render/file-set.js'

export interface WriteResult {
  dir: string
  files: number
  replaced: boolean
  /**
   * The process's working directory was the replaced stack, or inside it: it was moved to the new
   * one, but the shell that started the process still sees a deleted directory.
   */
  movedUnder: boolean
}

/** Marker of a directory prodstack wrote: only such a directory is replaced with --force. */
const STACK_MARKER = 'prodstack.yaml'

/**
 * The directory to write: the target, or where it points when it is a symbolic link to an existing
 * directory (so a linked stack is replaced where it lives, and the link stays a link).
 */
function targetPath(target: string): string {
  const dir = resolve(target)
  try {
    if (lstatSync(dir).isSymbolicLink() && existsSync(dir)) return realpathSync(dir)
  } catch {
    // Missing: written as a new directory.
  }
  return dir
}

/** What a target directory holds, as checkTarget saw it: writeStack refuses to act on anything else. */
export type TargetState = 'missing' | 'empty' | 'stack'

/** A target that checkTarget found writable. */
export interface CheckedTarget {
  /** As the user named it (for messages). */
  target: string
  /** Where the stack is written: the target, or where a symbolic link to a directory points. */
  dir: string
  state: TargetState
  force: boolean
}

/**
 * Checks that the target can be written, before anything is rendered to disk: it must not exist,
 * be an empty directory, or (with --force) be a stack prodstack wrote before. It only reads: a
 * previous stack that a killed run had moved aside counts as the target, and is put back by
 * writeStack.
 */
export function checkTarget(target: string, force: boolean): CheckedTarget {
  const dir = targetPath(target)
  const checked = (state: TargetState): CheckedTarget => ({target, dir, state, force})
  const seen = existsSync(dir) ? dir : movedAside(dir)
  if (!seen) {
    const parent = dirname(dir)
    if (!existsSync(parent)) {
      throw new UserError('WRITE_FAILED', `Cannot write ${target}`, [
        {source: target, message: `parent directory ${parent} does not exist`, hint: 'create it first'},
      ])
    }
    if (!statSync(parent).isDirectory()) {
      throw new UserError('WRITE_FAILED', `Cannot write ${target}`, [
        {
          source: target,
          message: `${parent} is a file, not a directory`,
          hint: 'choose a path inside a directory',
        },
      ])
    }
    return checked('missing')
  }
  if (!statSync(seen).isDirectory()) {
    throw new UserError('WRITE_FAILED', `Cannot write ${target}`, [
      {source: target, message: 'is a file, not a directory', hint: 'choose a new directory name'},
    ])
  }
  const entries = readdirSync(seen)
  if (entries.length === 0) return checked('empty')
  if (!force) {
    throw new UserError('TARGET_NOT_EMPTY', `${target} is not empty`, [
      {
        source: target,
        message: `already contains ${entries.length} entr${entries.length === 1 ? 'y' : 'ies'}`,
        hint: entries.includes(STACK_MARKER)
          ? 'pass --force to replace this stack'
          : 'choose a new or empty directory',
      },
    ])
  }
  if (!entries.includes(STACK_MARKER)) {
    throw new UserError('TARGET_NOT_EMPTY', `${target} is not a prodstack stack`, [
      {
        source: target,
        message: `has no ${STACK_MARKER}, so --force will not replace it`,
        hint: 'choose a new or empty directory; --force only replaces a stack prodstack wrote',
      },
    ])
  }
  return checked('stack')
}

/** The state of the target now (after recovery), to compare with what checkTarget saw. */
function stateNow(dir: string): TargetState | 'other' {
  if (!existsSync(dir)) return 'missing'
  if (!statSync(dir).isDirectory()) return 'other'
  const entries = readdirSync(dir)
  if (entries.length === 0) return 'empty'
  return entries.includes(STACK_MARKER) ? 'stack' : 'other'
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Top-level names a stack is made of; any other entry in a stack directory is the user's. */
const STACK_FILES = new Set([
  'prodstack.yaml',
  'README.md',
  'helmfile.yaml',
  'namespaces.yaml',
  'Chart.yaml',
  'Chart.lock',
  'values.yaml',
  'values.schema.json',
  '.helmignore',
  'templates',
  'charts',
  // The record of what prodstack generated (src/merge/record.ts): replaced with the stack.
  '.prodstack',
])
const LAYER_DIR = /^\d{2}-[a-z0-9-]+$/

export function ownedByStack(entry: string): boolean {
  return STACK_FILES.has(entry) || LAYER_DIR.test(entry)
}

/**
 * Moves what the user keeps in a stack directory (a .git directory, notes, CI files) from the
 * previous copy into the new one, so --force replaces the stack and nothing else.
 */
function carryOverUserEntries(previous: string, dir: string): void {
  for (const entry of readdirSync(previous)) {
    if (ownedByStack(entry) || existsSync(join(dir, entry))) continue
    renameSync(join(previous, entry), join(dir, entry))
  }
}

/** The temporary directories of runs that are no longer alive, next to the target. */
function deadLeftovers(dir: string): Array<{path: string; kind: 'new' | 'old'}> {
  let entries: string[]
  try {
    entries = readdirSync(dirname(dir))
  } catch {
    return [] // No parent directory: nothing to recover (checkTarget says what is wrong).
  }
  const prefix = `.${basename(dir)}.prodstack-`
  const leftovers: Array<{path: string; kind: 'new' | 'old'}> = []
  for (const entry of entries.sort()) {
    const match = /^(new|old)-(\d+)$/.exec(entry.startsWith(prefix) ? entry.slice(prefix.length) : '')
    if (!match || alive(Number(match[2]))) continue
    leftovers.push({path: join(dirname(dir), entry), kind: match[1] as 'new' | 'old'})
  }
  return leftovers
}

/** A previous stack a killed run moved aside and did not put back, when the target is missing. */
function movedAside(dir: string): string | undefined {
  return deadLeftovers(dir).find((leftover) => leftover.kind === 'old')?.path
}

/**
 * Cleans up after a run that was killed outright (SIGKILL, power loss) while swapping directories:
 * a leftover new copy is removed, and a previous stack moved aside is put back if the target is
 * missing. Runs that are still alive are left alone.
 */
export function recoverInterrupted(dir: string): void {
  for (const leftover of deadLeftovers(dir)) {
    if (leftover.kind === 'old' && !existsSync(dir)) {
      renameSync(leftover.path, dir)
      continue
    }
    if (leftover.kind === 'old') carryOverUserEntries(leftover.path, dir)
    rmSync(leftover.path, {recursive: true, force: true})
  }
}

/** Signals that would otherwise end the process in the middle of writing. */
const HELD_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const
let holdingSignals = false

/**
 * Makes SIGINT, SIGTERM and SIGHUP wait until a write is over. Without a listener, they end the
 * process at once, wherever it is; with one, Node delivers them only when the event loop runs
 * again, which the synchronous write below never lets it do. The listener then ends the process
 * by the same signal, as it would have ended without it, so the run stops after the write instead
 * of in its middle. It stays installed for the rest of the run (once per process).
 */
function holdSignalsDuringWrites(): void {
  if (holdingSignals) return
  holdingSignals = true
  const deliver = (signal: NodeJS.Signals) => {
    for (const held of HELD_SIGNALS) process.removeListener(held, deliver)
    holdingSignals = false
    process.kill(process.pid, signal)
  }
  for (const signal of HELD_SIGNALS) process.on(signal, deliver)
}

/**
 * mkdir -p below a directory that exists, one level at a time: Node's recursive mkdir never
 * returns where a parent exists but cannot hold directories (e.g. under /proc).
 */
function makeDirs(root: string, relativeDir: string, made: Set<string>): void {
  let current = root
  for (const part of relativeDir.split('/')) {
    if (part === '' || part === '.') continue
    current = join(current, part)
    // Each directory is created once; a failed mkdir (EEXIST) costs an exception per file otherwise.
    if (made.has(current)) continue
    made.add(current)
    try {
      mkdirSync(current)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    }
  }
}

/** A failed write as a problem a person can act on. */
function writeProblem(target: string, parent: string, error: NodeJS.ErrnoException) {
  switch (error.code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return {
        source: target,
        message: `the disk is full (${error.code})`,
        hint: 'free some space and run again',
      }
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
    case 'ENOENT':
    case 'ENOTDIR':
      return {
        source: target,
        message: `cannot create files in ${parent} (${error.code})`,
        hint: 'choose a directory you can write to',
      }
    default:
      return {
        source: target,
        message: error.code ? `${error.code}: ${error.message}` : error.message,
        hint: `check that ${parent} can be written to, and run again`,
      }
  }
}

/**
 * Writes the files into a temporary sibling directory, then swaps it into place with renames, so
 * the target holds either its previous contents or the complete new stack — never a mix. A failed
 * write removes the temporary directory; SIGINT, SIGTERM and SIGHUP wait until the write is over;
 * a run killed outright (SIGKILL, power loss) is cleaned up by the next run (recoverInterrupted).
 * The target must still be as checkTarget found it: a directory made or filled since is not touched.
 */
export function writeStack(checked: CheckedTarget, files: FileSet): WriteResult {
  holdSignalsDuringWrites()
  const {target, dir} = checked
  const from = process.cwd()
  recoverInterrupted(dir)
  const now = stateNow(dir)
  const unchanged = now === checked.state || (now !== 'other' && now !== 'stack' && checked.state !== 'stack')
  if (!unchanged) {
    throw new UserError('WRITE_FAILED', `Cannot write ${target}`, [
      {
        source: target,
        message: `changed since it was checked (${checked.state} then, ${now} now)`,
        hint: 'nothing was written; run again',
      },
    ])
  }
  const parent = dirname(dir)
  const name = basename(dir)
  const staging = join(parent, `.${name}.prodstack-new-${process.pid}`)
  const previous = join(parent, `.${name}.prodstack-old-${process.pid}`)
  const cleanup = () => {
    rmSync(staging, {recursive: true, force: true})
  }
  try {
    // Our pid's staging directory can only be a leftover of an earlier process with the same pid.
    cleanup()
    mkdirSync(staging)
    const made = new Set<string>()
    for (const [path, contents] of files) {
      const file = join(staging, path)
      if (!file.startsWith(`${staging}/`)) throw new Error(`refusing to write outside the stack: ${path}`)
      makeDirs(staging, dirname(path), made)
      writeFileSync(file, contents)
    }
    const exists = existsSync(dir)
    if (exists) renameSync(dir, previous)
    try {
      renameSync(staging, dir)
    } catch (error) {
      if (exists) renameSync(previous, dir)
      throw error
    }
    // The new stack is in place; a previous one that cannot be removed now is removed by the next run.
    if (exists) {
      try {
        carryOverUserEntries(previous, dir)
        rmSync(previous, {recursive: true, force: true})
      } catch {
        // Left for the next run's recoverInterrupted.
      }
    }
    // A working directory inside the old stack would now be a deleted directory: follow the path to
    // the new one, so relative paths (helm dependency update) reach it.
    const movedUnder = exists && (from === dir || from.startsWith(`${dir}/`))
    if (movedUnder) process.chdir(from)
    return {dir, files: files.size, replaced: exists, movedUnder}
  } catch (error) {
    cleanup()
    if (error instanceof UserError) throw error
    throw new UserError('WRITE_FAILED', `Cannot write ${target}`, [
      writeProblem(target, parent, error as NodeJS.ErrnoException),
    ])
  }
}
