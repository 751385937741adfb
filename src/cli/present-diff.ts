import type {StackDiff} from '../app/diff-stack.js'
import {describeEdit, describeValue} from '../merge/describe.js'

/** `prodstack diff` for people: what regenerating would change, then the hand edits it keeps. */
export function describeDiff(diff: StackDiff): string {
  const lines: string[] = []
  const section = (title: string, items: string[]) => {
    if (items.length > 0) lines.push('', title, ...items.map((item) => `  ${item}`))
  }
  if (diff.changed) lines.push(`Regenerating ${diff.dir} from prodstack.yaml would change:`)
  else lines.push(`No changes: regenerating ${diff.dir} from prodstack.yaml writes the same stack.`)
  section('Components:', [
    ...diff.components.added.map((id) => `+ ${id}`),
    ...diff.components.removed.map((id) => `- ${id}`),
  ])
  section(
    'Charts:',
    diff.charts.map((chart) =>
      chart.from === undefined
        ? `+ ${chart.alias} ${chart.to}`
        : chart.to === undefined
          ? `- ${chart.alias} ${chart.from}`
          : `~ ${chart.alias} ${chart.from} -> ${chart.to}`,
    ),
  )
  section('Files:', [
    ...diff.files.moved.map(({from, to}) => `> ${from}/ -> ${to}/ (moved)`),
    ...diff.files.added.map((file) => `+ ${file}`),
    ...diff.files.removed.map((file) => `- ${file}`),
    ...diff.files.changed.map((file) => `~ ${file}`),
  ])
  section(
    'Values:',
    diff.values.map((value) => {
      const where = `${value.file}: ${value.path}`
      if (value.change === 'added') return `+ ${where}: ${describeValue(value.to)}`
      if (value.change === 'removed') return `- ${where}: ${describeValue(value.from)}`
      return `~ ${where}: ${describeValue(value.from)} -> ${describeValue(value.to)}`
    }),
  )
  section(
    'Conflicts (init --force writes nothing until you choose --strategy ours or theirs):',
    diff.conflicts.map((conflict) =>
      conflict.path === undefined
        ? `${conflict.file}: ${conflict.message}`
        : `${conflict.file}: ${conflict.path}: ${conflict.message}`,
    ),
  )
  section('Hand edits (kept when regenerating):', diff.localEdits.map(describeEdit))
  section('Hand edits of what prodstack would no longer generate (dropped):', diff.dropped.map(describeEdit))
  if (!diff.recorded)
    lines.push(
      '',
      `The stack has no record of what prodstack wrote${diff.recordProblem ? ` (${diff.recordProblem})` : ''}: hand edits cannot be told from an older prodstack's output, so every difference is a conflict.`,
    )
  return lines.join('\n')
}
