import {closeSync, existsSync, fstatSync, lstatSync, openSync, readdirSync, readSync, statSync} from 'node:fs'
import {join} from 'node:path'
import {insideStack, parseRecord, RECORD_DIR, RECORD_FILE, type StackRecord} from '../merge/record.js'
import {ownedByStack} from './write-stack.js'

/** A generated file is a few kilobytes; anything this large on disk is not one to merge. */
export const MAX_STACK_FILE_BYTES = 4 * 1024 * 1024

export interface StackTexts {
  /** Text of each file that exists and can be read, by path. */
  texts: Map<string, string>
  /** Files that exist but are not text prodstack can merge (a directory, a device, binary, too large). */
  unreadable: Array<{file: string; reason: string}>
}

/** Whether `dir` holds a stack prodstack wrote (its prodstack.yaml). */
export function isStackDirectory(dir: string): boolean {
  return existsSync(join(dir, 'prodstack.yaml'))
}

/** Reads the given stack-relative paths of `dir`; missing files are left out. */
export function readStackTexts(dir: string, paths: Iterable<string>): StackTexts {
  const texts = new Map<string, string>()
  const unreadable: StackTexts['unreadable'] = []
  for (const file of new Set(paths)) {
    if (!insideStack(file)) continue
    const result = readText(join(dir, file))
    if (result === undefined) continue
    if (typeof result === 'string') texts.set(file, result)
    else unreadable.push({file, reason: result.reason})
  }
  return {texts, unreadable}
}

/** The text of a regular file, undefined when there is none, or why it cannot be read as text. */
function readText(path: string): string | {reason: string} | undefined {
  let fd: number
  try {
    if (!statSync(path).isFile()) return {reason: 'is not a regular file'}
    fd = openSync(path, 'r')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    return code === 'ENOENT' || code === 'ENOTDIR' ? undefined : {reason: `cannot be read (${code})`}
  }
  try {
    const size = fstatSync(fd).size
    if (size > MAX_STACK_FILE_BYTES) return {reason: `is ${size} bytes, more than a generated file`}
    const buffer = Buffer.alloc(size)
    let length = 0
    while (length < size) {
      const read = readSync(fd, buffer, length, size - length, null)
      if (read === 0) break
      length += read
    }
    const bytes = buffer.subarray(0, length)
    if (bytes.includes(0)) return {reason: 'is a binary file'}
    return bytes.toString('utf8')
  } catch (error) {
    return {reason: `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`}
  } finally {
    closeSync(fd)
  }
}

export interface RecordRead {
  record?: StackRecord
  /** Why a record that is there cannot be used. */
  problem?: string
}

/** The record of what prodstack generated last (src/merge/record.ts), if the stack has one. */
export function readRecord(dir: string): RecordRead {
  const text = readText(join(dir, RECORD_FILE))
  if (text === undefined) return {}
  if (typeof text !== 'string') return {problem: `${RECORD_FILE} ${text.reason}`}
  const record = parseRecord(text, (path) => {
    const base = readText(join(dir, path))
    return typeof base === 'string' ? base : undefined
  })
  return typeof record === 'string' ? {problem: record} : {record}
}

/** Files Helm writes into a chart (helm dependency update), not prodstack or the user. */
function helmArtefact(path: string): boolean {
  return /(^|\/)(Chart\.lock|tmpcharts(\/.*)?)$/.test(path) || /(^|\/)charts\/[^/]+\.tgz$/.test(path)
}

/**
 * The files of the stack's own entries (prodstack.yaml, README.md, the layer directories...), as
 * stack-relative paths: what a regeneration replaces. Helm's downloaded charts and the record are
 * left out. Links are not followed.
 */
export function listStackFiles(dir: string): string[] {
  const files: string[] = []
  const walk = (relative: string) => {
    let entries: string[]
    try {
      entries = readdirSync(join(dir, relative)).sort()
    } catch {
      return
    }
    for (const entry of entries) {
      const path = relative ? `${relative}/${entry}` : entry
      if (!relative && (!ownedByStack(entry) || entry === RECORD_DIR)) continue
      const stat = lstatSync(join(dir, path))
      if (stat.isDirectory()) walk(path)
      else if (!helmArtefact(path)) files.push(path)
    }
  }
  walk('')
  return files
}
