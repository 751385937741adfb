import {existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync} from 'node:fs'
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
 * Checks that the target can be written, before anything is rendered to disk: it must not exist,
 * be an empty directory, or (with --force) be a stack prodstack wrote before.
 */
export function checkTarget(target: string, force: boolean): void {
  const dir = resolve(target)
  recoverInterrupted(dir)
  if (!existsSync(dir)) {
    const parent = dirname(dir)
    if (!existsSync(parent)) {
      throw new UserError('WRITE_FAILED', `Cannot write ${target}`, [
        {source: target, message: `parent directory ${parent} does not exist`, hint: 'create it first'},
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

/**
 * Cleans up after a run that was killed outright (SIGKILL, power loss) while swapping directories:
 * a leftover new copy is removed, and a previous stack moved aside is put back if the target is
 * missing. Runs that are still alive are left alone.
 */
export function recoverInterrupted(dir: string): void {
  const parent = dirname(dir)
  if (!existsSync(parent)) return
  const prefix = `.${basename(dir)}.prodstack-`
  for (const entry of readdirSync(parent)) {
    const match = /^(new|old)-(\d+)$/.exec(entry.startsWith(prefix) ? entry.slice(prefix.length) : '')
    if (!match || alive(Number(match[2]))) continue
    const leftover = join(parent, entry)
    if (match[1] === 'old' && !existsSync(dir)) renameSync(leftover, dir)
    else rmSync(leftover, {recursive: true, force: true})
  }
}

/**
 * Writes the files into a temporary sibling directory, then swaps it into place with renames, so
 * the target holds either its previous contents or the complete new stack — never a mix. An
 * interrupted run leaves only the temporary directory, which is removed on the way out.
 */
export function writeStack(target: string, files: FileSet, force: boolean): WriteResult {
  checkTarget(target, force)
  const dir = resolve(target)
  const parent = dirname(dir)
  const name = basename(dir)
  const staging = join(parent, `.${name}.prodstack-new-${process.pid}`)
  const previous = join(parent, `.${name}.prodstack-old-${process.pid}`)
  const cleanup = () => {
    rmSync(staging, {recursive: true, force: true})
  }
  const onSignal = (signal: NodeJS.Signals) => {
    cleanup()
    process.kill(process.pid, signal)
  }
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)
  try {
    // Our pid's staging directory can only be a leftover of an earlier process with the same pid.
    cleanup()
    for (const [path, contents] of files) {
      const file = join(staging, path)
      if (!file.startsWith(`${staging}/`)) throw new Error(`refusing to write outside the stack: ${path}`)
      mkdirSync(dirname(file), {recursive: true})
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
    if (exists) rmSync(previous, {recursive: true, force: true})
    return {dir, files: files.size, replaced: exists}
  } catch (error) {
    cleanup()
    if (error instanceof UserError) throw error
    const cause = error as NodeJS.ErrnoException
    throw new UserError('WRITE_FAILED', `Cannot write ${target}`, [
      {source: target, message: cause.code ? `${cause.code}: ${cause.message}` : cause.message},
    ])
  } finally {
    process.removeListener('SIGINT', onSignal)
    process.removeListener('SIGTERM', onSignal)
  }
}
