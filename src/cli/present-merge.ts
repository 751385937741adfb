import type {Adoption} from '../app/adopt.js'
import type {StackEdits} from '../app/local-edits.js'
import type {MergeReport} from '../app/regenerate.js'
import {describeConflict, describeEdit, describeValue} from '../merge/describe.js'

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

/** What adopt moved into prodstack.yaml, what it could not, and what it wrote. */
export function describeAdoption(result: Adoption, dryRun: boolean): string[] {
  const {dir} = result
  const lines: string[] = []
  if (!result.recorded)
    lines.push(
      'The stack has no record of what prodstack wrote: hand edits are what differs from what it generates now.',
    )
  if (result.adopted.length === 0) lines.push(`No hand edits in ${dir} to adopt.`)
  else {
    lines.push(
      `${dryRun ? 'Would adopt' : 'Adopted'} ${result.adopted.length} hand edit(s) into ${dir}/prodstack.yaml:`,
    )
    for (const edit of result.adopted)
      lines.push(
        `  ${edit.key}${edit.change === 'removed' ? ' removed' : `: ${describeValue(edit.value)}`}  (from ${edit.file})`,
      )
  }
  if (result.notAdopted.length > 0) {
    lines.push('Not adopted, so still hand edits in values.yaml:')
    for (const edit of result.notAdopted)
      lines.push(`  ${edit.file}: ${edit.path} (${edit.change}): ${edit.reason}`)
  }
  if (result.merge) lines.push(...describeMerge(result.merge))
  if (result.written) lines.push(`Regenerated ${dir} from the new answers.`)
  else if (dryRun && result.adopted.length > 0) lines.push('Dry run: nothing was written.')
  return lines
}
