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

/**
 * Checks that the target can be written, before anything is rendered to disk: it must not exist,
 * be an empty directory, or (with --force) be a stack prodstack wrote before.
 */
export function checkTarget(target: string, force: boolean): void {
  const dir = targetPath(target)
  recoverInterrupted(dir)
  if (!existsSync(dir)) {
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
    return
  }
  if (!statSync(dir).isDirectory()) {
    throw new UserError('WRITE_FAILED', `Cannot write ${target}`, [
      {source: target, message: 'is a file, not a directory', hint: 'choose a new directory name'},
    ])
  }
  const entries = readdirSync(dir)
  if (entries.length === 0) return
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

/**
 * Cleans up after a run that was killed outright (SIGKILL, power loss) while swapping directories:
 * a leftover new copy is removed, and a previous stack moved aside is put back if the target is
 * missing. Runs that are still alive are left alone.
 */
export function recoverInterrupted(dir: string): void {
  const parent = dirname(dir)
  let entries: string[]
  try {
    entries = readdirSync(parent)
  } catch {
    return // No parent directory: nothing to recover (checkTarget says what is wrong).
  }
  const prefix = `.${basename(dir)}.prodstack-`
  for (const entry of entries) {
    const match = /^(new|old)-(\d+)$/.exec(entry.startsWith(prefix) ? entry.slice(prefix.length) : '')
    if (!match || alive(Number(match[2]))) continue
    const leftover = join(parent, entry)
    if (match[1] === 'old' && !existsSync(dir)) {
      renameSync(leftover, dir)
      continue
    }
    if (match[1] === 'old') carryOverUserEntries(leftover, dir)
    rmSync(leftover, {recursive: true, force: true})
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
 */
export function writeStack(target: string, files: FileSet, force: boolean): WriteResult {
  holdSignalsDuringWrites()
  checkTarget(target, force)
  const dir = targetPath(target)
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
    return {dir, files: files.size, replaced: exists}
  } catch (error) {
    cleanup()
    if (error instanceof UserError) throw error
    throw new UserError('WRITE_FAILED', `Cannot write ${target}`, [
      writeProblem(target, parent, error as NodeJS.ErrnoException),
    ])
  }
}
