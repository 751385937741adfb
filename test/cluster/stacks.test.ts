import {existsSync, mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, expect, test} from 'vitest'
import {requireBuild} from '../support/cli.js'
import {RUNS, STACKS, type StackRun} from '../support/cluster-stacks.js'
import {describeWithCluster, missingClusterTools} from '../support/control-plane.js'
import {helmBinaries} from '../support/helm.js'
import {SHARED_CHARTS_DIR} from '../support/real-charts.js'
import {IN_CI} from '../support/shared.js'
import {type RunReport, runStack, summaryTable} from '../support/stack-runs.js'
import {compareWithKnownGaps} from './known-gaps.js'

/**
 * Generated stacks installed on a real control plane (test/support/control-plane.ts) with the real
 * upstream charts from ../shared/charts, by the README's steps and by `helmfile sync`, under Helm 3
 * and Helm 4. Each run gets a fresh control plane.
 */

// PRODSTACK_CLUSTER_RUNS=minimal:readme:3,full:helmfile:4 runs only those (while working on one).
const only = process.env.PRODSTACK_CLUSTER_RUNS?.split(',').filter(Boolean)

function missingInputs(): string | undefined {
  const missing = [missingClusterTools()]
  if (!existsSync(SHARED_CHARTS_DIR))
    missing.push(`${SHARED_CHARTS_DIR} not found (set PRODSTACK_SHARED_DIR)`)
  for (const major of [3, 4] as const)
    if (!helmBinaries().some((helm) => helm.major === major))
      missing.push(`HELM${major}_BIN is not set or missing`)
  return missing.filter(Boolean).join('; ') || undefined
}

/** Runs one lane's work in order; the lanes themselves run side by side. */
class Lane {
  private last: Promise<unknown> = Promise.resolve()
  turn<T>(work: () => Promise<T>): Promise<T> {
    const next = this.last.then(work, work)
    this.last = next.catch(() => {})
    return next
  }
}

// A run waits for the runs before it in its lane, so its timeout covers the whole lane.
const RUN_TIMEOUT_MS = 60 * 60_000

const selected = RUNS.filter((run) => !only || only.includes(`${run.stack}:${run.path}:${run.helm}`))
const missing = missingInputs()
describeWithCluster('stacks installed on a control plane', missing, () => {
  defineRuns(selected, missing === undefined)
})

function defineRuns(selected: StackRun[], runnable: boolean): void {
  const reports: RunReport[] = []
  const lanes = {1: new Lane(), 2: new Lane()}

  afterAll(() => {
    if (reports.length === 0) return
    const file = join(mkdtempSync(join(tmpdir(), 'prodstack-cluster-summary-')), 'summary.json')
    const order = (report: RunReport) =>
      RUNS.findIndex(
        (run) => run.stack === report.stack && run.path === report.path && run.helm === report.helm,
      )
    reports.sort((a, b) => order(a) - order(b))
    writeFileSync(file, `${JSON.stringify(reports, null, 2)}\n`)
    console.log(`\nCluster suite summary (details in ${file}):\n\n${summaryTable(reports)}\n`)
  })

  // Only the helmfile runs need helmfile.
  const helmfileMissing = missingClusterTools(['helmfile'])
  for (const entry of selected) {
    const stack = STACKS.find((candidate) => candidate.id === entry.stack)!
    const name = `${entry.stack} via ${entry.path} (Helm ${entry.helm})`
    if (entry.path === 'helmfile' && helmfileMissing && !IN_CI) {
      if (runnable) console.warn(`SKIPPED ${name}: ${helmfileMissing}`)
      test.skip(name, () => {})
      continue
    }
    test.concurrent(
      name,
      async () => {
        requireBuild()
        if (entry.path === 'helmfile' && helmfileMissing)
          throw new Error(`${helmfileMissing}, and CI=true forbids skipping`)
        const helm = helmBinaries().find((binary) => binary.major === entry.helm)!
        const label = `[${entry.stack} ${entry.path} helm${entry.helm}]`
        const report = await lanes[entry.lane].turn(() =>
          runStack(stack, entry.path, helm, (line) => console.log(`${label}${line}`)),
        )
        reports.push(report)
        const {unexpected, fixed} = compareWithKnownGaps(report)
        expect(
          unexpected.map((problem) => `${problem.step}: ${problem.message}`),
          'problems not listed in KNOWN_PRODUCT_GAPS',
        ).toEqual([])
        expect(
          fixed.map((gap) => `${gap.issue}: ${gap.reason}`),
          'KNOWN_PRODUCT_GAPS entries that no longer reproduce: remove them',
        ).toEqual([])
      },
      RUN_TIMEOUT_MS,
    )
  }
}
