import {describe, expect, it} from 'vitest'
import {completeAnswers} from '../../src/answers/complete.js'
import {questionProperty} from '../../src/answers/schema.js'
import {CATALOG} from '../../src/catalog/index.js'
import {resolvePlan} from '../../src/plan/resolve.js'
import {RUNS, STACKS} from '../support/cluster-stacks.js'
import {answersOfFlags, coveredPairs, PAIRWISE_GROUPS, possiblePairs} from '../support/pairwise.js'

/** What the cluster suite's stacks hold, checked without a cluster: the suite proves what it claims. */
describe("the cluster suite's covering set", () => {
  const plans = STACKS.map((stack) => ({
    stack,
    plan: resolvePlan(completeAnswers(answersOfFlags(stack.args)), CATALOG),
  }))

  it('holds stacks the planner accepts, each with its own name', () => {
    expect(plans).toHaveLength(STACKS.length)
    expect(new Set(STACKS.map((stack) => stack.id)).size).toBe(STACKS.length)
  })

  it('chooses every choice of every category', () => {
    for (const key of ['cni', 'ingress', 'mesh', 'metrics', 'logging', 'logStore', 'dashboards']) {
      const spec = questionProperty(key)
      const choices = spec.enum ?? spec.items?.enum ?? []
      const chosen = new Set(plans.flatMap(({plan}) => [plan.answers[key]].flat().map(String)))
      expect(
        choices.filter((choice) => !chosen.has(choice)),
        key,
      ).toEqual([])
    }
  })

  it('holds every pair of choices some valid stack can hold, within the categories that wire together', () => {
    const possible = possiblePairs()
    expect(possible.size).toBeGreaterThan(50)
    const covered = coveredPairs(STACKS)
    expect([...possible].filter((pair) => !covered.has(pair))).toEqual([])
    // The pairs are about the grouped categories only.
    const grouped = new Set(PAIRWISE_GROUPS.flat())
    for (const pair of covered)
      for (const part of pair.split(' × ')) expect(grouped.has(part.split('=')[0]!)).toBe(true)
  })

  it('runs every stack at least once, both paths and both Helm majors, never the same run twice', () => {
    const runs = RUNS.map((run) => `${run.stack}:${run.path}:${run.helm}`)
    expect(new Set(runs).size).toBe(runs.length)
    expect(
      STACKS.filter((stack) => !RUNS.some((run) => run.stack === stack.id)).map((stack) => stack.id),
    ).toEqual([])
    expect(RUNS.filter((run) => !STACKS.some((stack) => stack.id === run.stack))).toEqual([])
    for (const path of ['readme', 'helmfile'] as const)
      for (const helm of [3, 4] as const)
        expect(RUNS.some((run) => run.path === path && run.helm === helm)).toBe(true)
    // The single layout writes no helmfile.yaml.
    const single = plans.filter(({plan}) => plan.answers.layout === 'single').map(({stack}) => stack.id)
    expect(RUNS.filter((run) => single.includes(run.stack) && run.path === 'helmfile')).toEqual([])
  })
})
