import type {InstallPath, Problem, RunReport, Step} from '../support/stack-runs.js'

/**
 * Known product failures the cluster suite finds today, each tied to its issue. Every problem a
 * run reports must match one of these entries, and every entry must still be matched in every run
 * it names: a fix that makes an entry stop reproducing fails the suite until the entry is removed.
 * Nothing else is tolerated.
 */
export interface KnownGap {
  issue: string
  reason: string
  stacks: string[]
  paths: InstallPath[]
  step: Step
  /** Matches the exact problem line(s) the run reports. */
  problem: RegExp
}

export const KNOWN_PRODUCT_GAPS: KnownGap[] = []

export function gapsFor(report: RunReport): KnownGap[] {
  return KNOWN_PRODUCT_GAPS.filter(
    (gap) => gap.stacks.includes(report.stack) && gap.paths.includes(report.path),
  )
}

/** Problems no known gap explains, and known gaps of this run that no problem matched. */
export function compareWithKnownGaps(report: RunReport): {unexpected: Problem[]; fixed: KnownGap[]} {
  const gaps = gapsFor(report)
  const matches = (gap: KnownGap, problem: Problem) =>
    gap.step === problem.step && gap.problem.test(problem.message)
  const unexpected = report.problems.filter((problem) => !gaps.some((gap) => matches(gap, problem)))
  // A gap whose step the run never reached (an earlier step failed) has not been fixed either.
  const fixed = gaps.filter(
    (gap) => !report.notRun.includes(gap.step) && !report.problems.some((problem) => matches(gap, problem)),
  )
  return {unexpected, fixed}
}
