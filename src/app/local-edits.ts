import {readRecord, readStackTexts} from '../io/stack-files.js'
import {findLocalEdits} from '../merge/stack-merge.js'
import {editJson, type LocalEditJson} from './regenerate.js'

export interface StackEdits {
  /** Whether the stack has a usable record of what prodstack generated (without one, edits cannot be told). */
  recorded: boolean
  recordProblem?: string
  /** Hand edits: each value (by path) or file that differs from what prodstack last wrote. */
  localEdits: LocalEditJson[]
}

/** The hand edits of the stack in `dir`, against its record. */
export function stackEdits(dir: string): StackEdits {
  const {record, problem} = readRecord(dir)
  if (!record) return {recorded: false, ...(problem ? {recordProblem: problem} : {}), localEdits: []}
  const {texts} = readStackTexts(dir, record.files.keys())
  return {recorded: true, localEdits: findLocalEdits(record, texts).map(editJson)}
}
