/**
 * Pairwise coverage of the categories that wire to each other (CNI × mesh, ingress × domain,
 * metrics × log agent × log store × dashboards): which pairs of choices some valid stack can hold,
 * and which of them a set of stacks leaves out.
 */
import {completeAnswers} from '../../src/answers/complete.js'
import {type Answers, type AnswersInput, questionKeys, questionMeta} from '../../src/answers/schema.js'
import {CATALOG} from '../../src/catalog/index.js'
import {checkSelection} from '../../src/plan/check-selection.js'
import {everyCombination} from './combinations.js'

/** Each group's categories are covered pairwise, against each other. */
export const PAIRWISE_GROUPS: string[][] = [
  ['cni', 'mesh'],
  ['ingress', 'domain'],
  ['metrics', 'logging', 'logStore', 'dashboards'],
]

/** The values an answer counts as for pairs: a domain is set or not; each dashboard on its own. */
function valuesOf(answers: Answers, key: string): string[] {
  if (key === 'domain') return [answers.domain ? 'a domain' : 'no domain']
  const value = answers[key]
  if (Array.isArray(value)) return value.length > 0 ? value.map(String) : ['none']
  return [String(value)]
}

function pairsOf(answers: Answers): Set<string> {
  const pairs = new Set<string>()
  for (const group of PAIRWISE_GROUPS)
    for (const [i, a] of group.entries())
      for (const b of group.slice(i + 1))
        for (const x of valuesOf(answers, a))
          for (const y of valuesOf(answers, b)) pairs.add(`${a}=${x} × ${b}=${y}`)
  return pairs
}

/** Every pair some valid combination holds (the planner accepts it). */
export function possiblePairs(): Set<string> {
  const pairs = new Set<string>()
  for (const input of everyCombination()) {
    const answers = completeAnswers(input)
    if (checkSelection(answers, CATALOG).length === 0) for (const pair of pairsOf(answers)) pairs.add(pair)
  }
  return pairs
}

/** The answers `prodstack init` flags give (`--cni calico --dashboards a,b --allow-retired`). */
export function answersOfFlags(args: readonly string[]): AnswersInput {
  const byFlag = new Map(questionKeys().map((key) => [questionMeta(key).flag, key]))
  byFlag.set('preset', 'preset')
  const input: Record<string, unknown> = {}
  for (let i = 0; i < args.length; i++) {
    const flag = args[i]!.replace(/^--/, '')
    const key = byFlag.get(flag)
    if (!key) throw new Error(`unknown flag ${args[i]}`)
    const value = args[i + 1]
    if (value === undefined || value.startsWith('--')) input[key] = true
    else {
      input[key] = key === 'dashboards' ? value.split(',').filter(Boolean) : value
      i++
    }
  }
  return input as AnswersInput
}

/** The pairs a set of stacks holds, from their init flags. */
export function coveredPairs(stacks: ReadonlyArray<{args: readonly string[]}>): Set<string> {
  const pairs = new Set<string>()
  for (const stack of stacks)
    for (const pair of pairsOf(completeAnswers(answersOfFlags(stack.args)))) pairs.add(pair)
  return pairs
}
