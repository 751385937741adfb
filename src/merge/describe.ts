import type {LocalEdit, MergeConflict} from './stack-merge.js'
import {formatPath} from './tree.js'

const MAX_VALUE_TEXT = 80

/** A value in one line of text: JSON, shortened; `(none)` for a missing key. */
export function describeValue(value: unknown): string {
  if (value === undefined) return '(none)'
  const text = JSON.stringify(value) ?? String(value)
  return text.length > MAX_VALUE_TEXT ? `${text.slice(0, MAX_VALUE_TEXT - 3)}...` : text
}

/** Where a conflict is and what each side did, as a problem's source and message. */
export function describeConflict(conflict: MergeConflict): {source: string; message: string} {
  if (!conflict.path) return {source: conflict.file, message: conflict.reason ?? 'changed on both sides'}
  const source = `${conflict.file}: ${formatPath(conflict.path)}`
  const {ours, theirs} = conflict
  if (!conflict.baseKnown) {
    const disk = ours === undefined ? 'is not set on disk' : `is ${describeValue(ours)} on disk`
    const now =
      theirs === undefined ? 'prodstack does not set it' : `prodstack now writes ${describeValue(theirs)}`
    return {source, message: `${disk}, ${now} (the stack has no record of what prodstack wrote before)`}
  }
  const added = conflict.base === undefined
  const verb = added ? 'set' : 'changed'
  const was = added ? 'was not set' : `was ${describeValue(conflict.base)}`
  if (ours === undefined)
    return {source, message: `removed by hand, ${verb} by prodstack to ${describeValue(theirs)} (${was})`}
  if (theirs === undefined)
    return {source, message: `${verb} by hand to ${describeValue(ours)}, removed by prodstack (${was})`}
  return {
    source,
    message: `${verb} by hand to ${describeValue(ours)} and by prodstack to ${describeValue(theirs)} (${was})`,
  }
}

/** One line for a hand edit (its path as a list of keys, or as formatPath wrote it): `file: path: what changed`. */
export function describeEdit(edit: LocalEdit | (Omit<LocalEdit, 'path'> & {path?: string})): string {
  if (edit.path === undefined) return `${edit.file}: edited by hand`
  const where = `${edit.file}: ${typeof edit.path === 'string' ? edit.path : formatPath(edit.path)}`
  switch (edit.change) {
    case 'added':
      return `${where}: added ${describeValue(edit.to)}`
    case 'removed':
      return `${where}: removed (was ${describeValue(edit.from)})`
    case 'changed':
      return `${where}: ${describeValue(edit.from)} -> ${describeValue(edit.to)}`
    case 'comment':
      return `${where}: comment changed`
    default:
      return `${where}: edited by hand`
  }
}
