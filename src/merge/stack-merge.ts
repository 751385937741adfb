import {type FileSet, sortedFileSet} from '../render/file-set.js'
import {ANSWERS_FILE, hashText, type StackRecord} from './record.js'
import {type Strategy, UNKNOWN_BASE} from './three-way.js'
import {isUnder} from './tree.js'
import {mergeValuesYaml, parseValues, type ValuesEdit, valuesEdits} from './values-yaml.js'

/**
 * A conflict in one file: at a YAML path of a values.yaml (with the three values), or of the whole
 * file (`path` absent) for the other generated files and for a values.yaml that is not YAML.
 */
export interface MergeConflict {
  file: string
  path?: string[]
  /** False when the stack has no record of what prodstack wrote: the base is not known. */
  baseKnown: boolean
  base?: unknown
  ours?: unknown
  theirs?: unknown
  /** Why a whole file conflicts. */
  reason?: string
}

/** A hand edit: a value (`path`) of a values.yaml, or a whole other file (`edited`). */
export interface LocalEdit {
  file: string
  path?: string[]
  change: ValuesEdit['change'] | 'edited'
  from?: unknown
  to?: unknown
}

export interface StackMergeInput {
  /** The files prodstack generates now. */
  theirs: FileSet
  /** Which of them are layer values files (merged by YAML path; the record names the old ones). */
  valuesFiles: readonly string[]
  /**
   * The readable text of each file on disk that `theirs` or the record names, by path; without a
   * record, also those of the stack's other layer directories (to follow renumbered ones).
   */
  disk: ReadonlyMap<string, string>
  /** What prodstack generated last; absent for a stack written before it kept a record. */
  record?: StackRecord
  strategy?: Strategy
}

export interface StackMerge {
  /** The files to write: prodstack's new files with the hand edits merged in. */
  files: FileSet
  conflicts: MergeConflict[]
  /** Every hand edit found (needs a record). */
  localEdits: LocalEdit[]
  /** Hand edits that are in `files`. */
  kept: LocalEdit[]
  /** Hand edits to files or sections prodstack no longer generates: they go with them. */
  dropped: LocalEdit[]
}

/** `NN-<layer>`: a layer chart's directory, numbered by its place in the install order. */
const LAYER_DIR = /^(\d{2})-([a-z0-9-]+)$/

/**
 * Where each new path was before: layers are numbered in install order, so adding a layer (a
 * mesh, a CRDs chart) renumbers the ones after it: `02-network` becomes `03-network`. A new layer
 * directory that did not exist takes the old one with the same layer id.
 */
export function previousPaths(newPaths: Iterable<string>, oldPaths: Iterable<string>): Map<string, string> {
  const dirOf = (path: string) => (path.includes('/') ? path.slice(0, path.indexOf('/')) : undefined)
  const oldDirs = new Set<string>()
  for (const path of oldPaths) {
    const dir = dirOf(path)
    if (dir && LAYER_DIR.test(dir)) oldDirs.add(dir)
  }
  const byLayer = new Map<string, string>()
  for (const dir of oldDirs) byLayer.set(LAYER_DIR.exec(dir)![2]!, dir)
  const renamed = new Map<string, string>()
  for (const path of newPaths) {
    const dir = dirOf(path)
    const match = dir ? LAYER_DIR.exec(dir) : null
    if (!dir || !match || oldDirs.has(dir)) continue
    const old = byLayer.get(match[2]!)
    if (old) renamed.set(path, `${old}${path.slice(dir.length)}`)
  }
  return renamed
}

/**
 * Merges a stack three ways: the record (base), the disk (ours) and the new files (theirs). Values
 * files merge by YAML path; other generated files as a whole: a file changed by hand where prodstack
 * left it alone keeps the hand edit, a file both changed is a conflict. A generated file missing on
 * disk is simply written again, and prodstack.yaml is always written from the answers. Files of a
 * renumbered layer directory are merged with their previous copy. Pure.
 */
export function mergeStack(input: StackMergeInput): StackMerge {
  const {theirs, disk, record, strategy} = input
  const files: FileSet = new Map()
  const conflicts: MergeConflict[] = []
  const localEdits: LocalEdit[] = []
  const kept: LocalEdit[] = []
  const dropped: LocalEdit[] = []
  const known = record !== undefined
  const oldPaths = record ? [...record.files.keys()] : [...disk.keys()]
  const renamed = previousPaths(theirs.keys(), oldPaths)
  const oldValuesFiles = new Set(record?.values.keys() ?? [])
  const newValuesFiles = new Set(input.valuesFiles)

  // Each file as [new path, old path]: the new one absent when prodstack no longer writes it.
  const pairs: Array<[string | undefined, string]> = [...theirs.keys()].map((path) => [
    path,
    renamed.get(path) ?? path,
  ])
  const claimed = new Set(pairs.map(([, old]) => old))
  for (const path of record?.files.keys() ?? []) if (!claimed.has(path)) pairs.push([undefined, path])

  for (const [file, old] of pairs) {
    const next = file === undefined ? undefined : theirs.get(file)
    const current = disk.get(old)
    if (file === ANSWERS_FILE || current === undefined) {
      if (file !== undefined && next !== undefined) files.set(file, next)
      continue
    }
    const where = file ?? old
    if ((file !== undefined && newValuesFiles.has(file)) || oldValuesFiles.has(old)) {
      const base = record ? record.values.get(old) : UNKNOWN_BASE
      const edits = base !== undefined && base !== UNKNOWN_BASE ? editsOf(old, base, current) : []
      localEdits.push(...edits)
      if (file === undefined || next === undefined) {
        dropped.push(...edits)
        continue
      }
      const merged = mergeValuesYaml(base ?? '', current, next, strategy)
      if (typeof merged === 'string') {
        conflicts.push({file, baseKnown: known, reason: `${old} ${merged}`})
        files.set(file, strategy === 'ours' ? current : next)
        if (strategy === 'ours') kept.push({file, change: 'edited'})
        continue
      }
      files.set(file, merged.text)
      for (const conflict of merged.conflicts) conflicts.push({file, ...conflict})
      const gone = merged.dropped.map((edit) => ({file, ...edit}))
      dropped.push(...gone)
      const overruled = strategy === 'theirs' ? merged.conflicts.map((conflict) => conflict.path) : []
      for (const edit of edits) {
        const path = edit.path ?? []
        if (gone.some((drop) => isUnder(path, drop.path ?? []))) continue
        if (overruled.some((prefix) => isUnder(path, prefix) || isUnder(prefix, path))) continue
        kept.push({...edit, file})
      }
      continue
    }
    const recorded = record?.files.get(old)
    const edited = recorded === undefined || hashText(current) !== recorded
    if (recorded !== undefined && edited) localEdits.push({file: old, change: 'edited'})
    if (file === undefined || next === undefined) {
      if (recorded !== undefined && edited) dropped.push({file: old, change: 'edited'})
      continue
    }
    if (current === next || !edited) {
      files.set(file, next)
      continue
    }
    if (recorded !== undefined && hashText(next) === recorded) {
      // Changed by hand only: the hand edit stays.
      files.set(file, current)
      kept.push({file, change: 'edited'})
      continue
    }
    conflicts.push({
      file: where,
      baseKnown: known,
      reason: !known
        ? `${file} differs from what prodstack writes now, and the stack has no record of what prodstack wrote before`
        : recorded === undefined
          ? `${file} was not written by prodstack before, and prodstack writes it now`
          : `${file} was changed by hand, and prodstack changes it too`,
    })
    files.set(file, strategy === 'ours' ? current : next)
    if (strategy === 'ours' && recorded !== undefined) kept.push({file, change: 'edited'})
  }
  return {files: sortedFileSet(files), conflicts, localEdits, kept, dropped}
}

function editsOf(file: string, base: string, current: string): LocalEdit[] {
  if (base === current) return []
  const parsedBase = parseValues(base)
  const parsedCurrent = parseValues(current)
  if (typeof parsedBase === 'string') return []
  if (typeof parsedCurrent === 'string') return [{file, change: 'edited'}]
  return valuesEdits(parsedBase, parsedCurrent).map((edit) => ({file, ...edit}))
}

/** The hand edits of a stack: what differs on disk from what the record says prodstack wrote. */
export function findLocalEdits(record: StackRecord, disk: ReadonlyMap<string, string>): LocalEdit[] {
  const edits: LocalEdit[] = []
  for (const [file, hash] of record.files) {
    const current = disk.get(file)
    if (current === undefined || hashText(current) === hash) continue
    const base = record.values.get(file)
    edits.push(...(base !== undefined ? editsOf(file, base, current) : [{file, change: 'edited' as const}]))
  }
  return edits
}
