import {inlineSecretPaths} from '../answers/secrets.js'
import {type Problem, UserError} from '../errors.js'
import {isStackDirectory, listStackFiles, readRecord, readStackTexts} from '../io/stack-files.js'
import {describeConflict, describeValue} from '../merge/describe.js'
import {renderRecord, type StackRecord, valuesFilesOf} from '../merge/record.js'
import {type LocalEdit, type MergeConflict, mergeStack, type StackMerge} from '../merge/stack-merge.js'
import type {Strategy} from '../merge/three-way.js'
import {formatPath} from '../merge/tree.js'
import {parseValues} from '../merge/values-yaml.js'
import type {Plan} from '../plan/types.js'
import {type FileSet, joinPath, sortedFileSet} from '../render/file-set.js'
import {checkValues} from '../schema/check-values.js'

/** A stack directory as it is on disk: its record and the text of its generated files. */
export interface ExistingStack {
  record?: StackRecord
  /** Why the record that is there cannot be used (the stack is then treated as one without). */
  recordProblem?: string
  disk: Map<string, string>
  /** Generated files on disk that are not text (replaced as if missing). */
  unreadable: Array<{file: string; reason: string}>
}

/** Reads what a regeneration merges with: the record, and every file it or `generated` names. */
export function readExistingStack(dir: string, generated: FileSet): ExistingStack {
  const {record, problem} = readRecord(dir)
  // Without a record, the stack's own files are all there is to find renumbered layers by.
  const known = record ? [...record.files.keys()] : listStackFiles(dir)
  const {texts, unreadable} = readStackTexts(dir, [...generated.keys(), ...known])
  return {
    ...(record ? {record} : {}),
    ...(problem ? {recordProblem: problem} : {}),
    disk: texts,
    unreadable,
  }
}

export function mergeWithStack(
  existing: ExistingStack,
  plan: Plan,
  generated: FileSet,
  strategy?: Strategy,
): StackMerge {
  return mergeStack({
    theirs: generated,
    valuesFiles: valuesFilesOf(plan),
    disk: existing.disk,
    ...(existing.record ? {record: existing.record} : {}),
    ...(strategy ? {strategy} : {}),
  })
}

/** What a regeneration did with the hand edits, for the command's output. */
export interface MergeReport {
  /** Whether the stack had a usable record of what prodstack wrote before. */
  recorded: boolean
  recordProblem?: string
  kept: LocalEdit[]
  /** Conflicts settled by --strategy. */
  resolved: Array<MergeConflict & {resolution: Strategy}>
  dropped: LocalEdit[]
  /** Generated files that were not text on disk, written again. */
  replaced: Array<{file: string; reason: string}>
}

export interface PreparedStack {
  /** Everything to write: the stack, with hand edits merged in, and its record. */
  files: FileSet
  /** Present when an existing stack was regenerated. */
  merge?: MergeReport
}

/**
 * The files to write for `generated`: as they are for a new directory; merged with the hand edits
 * of the stack in `dir` when it is replaced (--force). A conflict without a strategy writes
 * nothing (MERGE_CONFLICT); merged values are checked against their schema like generated ones.
 * The record always describes `generated`, the base of the next merge.
 */
export function prepareStack(
  dir: string,
  plan: Plan,
  generated: FileSet,
  options: {force: boolean; strategy?: Strategy; existing?: ExistingStack},
): PreparedStack {
  const record = renderRecord(plan, generated)
  if (!options.force || !isStackDirectory(dir))
    return {files: sortedFileSet(new Map([...generated, ...record]))}
  const existing = options.existing ?? readExistingStack(dir, generated)
  const merge = mergeWithStack(existing, plan, generated, options.strategy)
  if (merge.conflicts.length > 0 && !options.strategy) throw conflictError(merge.conflicts, existing)
  checkMergedValues(plan, merge.files, generated)
  return {
    files: sortedFileSet(new Map([...merge.files, ...record])),
    merge: {
      recorded: existing.record !== undefined,
      ...(existing.recordProblem ? {recordProblem: existing.recordProblem} : {}),
      kept: merge.kept,
      resolved: merge.conflicts.map((conflict) => ({...conflict, resolution: options.strategy!})),
      dropped: merge.dropped,
      replaced: existing.unreadable,
    },
  }
}

/** MERGE_CONFLICT: one problem per conflicting path or file, each with both values. */
export function conflictError(conflicts: MergeConflict[], existing: ExistingStack): UserError {
  const problems: Problem[] = conflicts.map((conflict) => {
    const {source, message} = describeConflict(conflict)
    const values =
      conflict.path && (conflict.ours !== undefined || conflict.theirs !== undefined)
        ? `--strategy ours keeps yours (${describeValue(conflict.ours)}), --strategy theirs takes prodstack's (${describeValue(conflict.theirs)})`
        : "--strategy ours keeps your file, --strategy theirs takes prodstack's"
    const adopt =
      conflict.path && conflict.ours !== undefined
        ? '; or move yours into prodstack.yaml (prodstack adopt)'
        : ''
    return {source, message, hint: `${values}${adopt}`}
  })
  const withoutRecord = existing.record
    ? ''
    : ` (the stack has no record of what prodstack wrote before${existing.recordProblem ? `: ${existing.recordProblem}` : ''}, so every difference counts)`
  return new UserError(
    'MERGE_CONFLICT',
    `Hand edits conflict with what prodstack generates now${withoutRecord}: nothing was written`,
    problems,
    1,
    undefined,
    {conflicts: conflicts.map(conflictJson)},
  )
}

/** A conflict for --json: the path as people read it, the values on each side, and what happened. */
export type ConflictJson = Omit<MergeConflict, 'path'> & {path?: string; message: string}

export function conflictJson(conflict: MergeConflict): ConflictJson {
  const {file, path, ...rest} = conflict
  return {
    file,
    ...(path ? {path: formatPath(path)} : {}),
    ...rest,
    message: describeConflict(conflict).message,
  }
}

/** A hand edit for --json: the path as people read it (formatPath). */
export type LocalEditJson = Omit<LocalEdit, 'path'> & {path?: string}

export function editJson(edit: LocalEdit): LocalEditJson {
  const {file, path, ...rest} = edit
  return {file, ...(path ? {path: formatPath(path)} : {}), ...rest}
}

/** A MergeReport for --json: paths as people read them. */
export function mergeReportJson(report: MergeReport): Record<string, unknown> {
  return {
    ...report,
    kept: report.kept.map(editJson),
    resolved: report.resolved.map(conflictJson),
    dropped: report.dropped.map(editJson),
  }
}

/**
 * Merged values must pass the schema written next to them, as generated ones do (verifyStack), and
 * hold no inline credential, as the answers' values may not.
 */
function checkMergedValues(plan: Plan, files: FileSet, generated: FileSet): void {
  const problems: Problem[] = []
  for (const layer of plan.layers) {
    const file = joinPath(layer.dir, 'values.yaml')
    const text = files.get(file)
    if (text === undefined || text === generated.get(file)) continue
    const values = parseValues(text)
    if (typeof values === 'string') continue // Kept as it was on disk with --strategy ours.
    // prodstack never writes a credential: not even one typed into values.yaml by hand.
    const generatedValues = parseValues(generated.get(file) ?? '')
    const known = new Set(typeof generatedValues === 'string' ? [] : inlineSecretPaths(generatedValues.tree))
    for (const path of inlineSecretPaths(values.tree)) {
      if (known.has(path)) continue
      problems.push({
        source: `${file}: ${path}`,
        message: 'holds a credential typed in by hand, which prodstack does not write',
        hint: 'create a Secret and reference it (existingSecret, secretKeyRef, an environment variable from it), as prodstack.yaml values must',
      })
    }
    let errors: ReturnType<typeof checkValues>
    try {
      errors = checkValues(
        JSON.parse(files.get(joinPath(layer.dir, 'values.schema.json')) ?? '{}'),
        values.tree,
      )
    } catch {
      continue // A schema changed by hand, kept with --strategy ours: prodstack validate checks it with ajv.
    }
    for (const error of errors) {
      const path = error.path
        .split('/')
        .slice(1)
        .map((key) => key.replaceAll('~1', '/').replaceAll('~0', '~'))
      problems.push({
        source: `${file}: ${formatPath(path)}`,
        message: `${error.message} (after merging your hand edits)`,
        hint: `fix it in ${file}, or delete your edit there to take prodstack's value`,
      })
    }
  }
  if (problems.length > 0) {
    throw new UserError(
      'INVALID_STACK',
      'The values with your hand edits merged in cannot be written: nothing was written',
      problems,
    )
  }
}
