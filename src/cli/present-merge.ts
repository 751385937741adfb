import type {StackEdits} from '../app/local-edits.js'
import type {MergeReport} from '../app/regenerate.js'
import {describeConflict, describeEdit} from '../merge/describe.js'

/** What a regeneration did with the hand edits, in lines for people (empty when there were none). */
export function describeMerge(report: MergeReport): string[] {
  const lines: string[] = []
  const section = (title: string, items: string[]) => {
    if (items.length === 0) return
    lines.push(title, ...items.map((item) => `  ${item}`))
  }
  section(`Kept ${report.kept.length} hand edit(s):`, report.kept.map(describeEdit))
  section(
    `Settled ${report.resolved.length} conflict(s) with --strategy ${report.resolved[0]?.resolution ?? ''}:`,
    report.resolved.map((conflict) => {
      const {source, message} = describeConflict(conflict)
      return `${source}: ${message}: ${conflict.resolution === 'ours' ? 'kept yours' : "took prodstack's"}`
    }),
  )
  section('Dropped hand edits of what prodstack no longer generates:', report.dropped.map(describeEdit))
  section(
    'Wrote these again, since they were not text prodstack could merge:',
    report.replaced.map(({file, reason}) => `${file}: ${reason}`),
  )
  if (!report.recorded)
    lines.push(
      `The stack had no record of what prodstack wrote${report.recordProblem ? ` (${report.recordProblem})` : ''}; it has one now (.prodstack/), so later regenerations merge your hand edits.`,
    )
  return lines
}

/** One line per hand edit of a stack (`local edit: ...`), or why they cannot be told. */
export function describeLocalEdits(edits: StackEdits): string[] {
  if (!edits.recorded)
    return [
      `local edits: unknown, the stack has no record of what prodstack wrote${edits.recordProblem ? ` (${edits.recordProblem})` : ''}; regenerating writes one`,
    ]
  return edits.localEdits.map((edit) => `local edit: ${describeEdit(edit)}`)
}
