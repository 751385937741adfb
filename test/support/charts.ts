import {copyFileSync, existsSync, mkdirSync} from 'node:fs'
import {join} from 'node:path'
import {parse} from 'yaml'
import type {Plan} from '../../src/plan/types.js'
import {type HelmBinary, runHelm} from './helm.js'
import {IN_CI, SHARED_DIR} from './shared.js'

/** The packaged upstream charts, as `helm dependency update` downloads them (../shared/charts). */
export const SHARED_CHARTS_DIR = join(SHARED_DIR, 'charts')

/**
 * Why suites that render with the real packaged charts cannot run, or undefined when they can.
 * Outside CI they skip with this reason; with CI=true a missing input is an error.
 */
export function sharedChartsMissing(): string | undefined {
  if (existsSync(SHARED_CHARTS_DIR)) return undefined
  const reason = `${SHARED_CHARTS_DIR} not found (set PRODSTACK_SHARED_DIR to run it)`
  if (IN_CI) throw new Error(`${reason}, and CI=true forbids skipping`)
  return reason
}

export function sharedChartFile(chart: string, version: string): string {
  return join(SHARED_CHARTS_DIR, `${chart}-${version}.tgz`)
}

/**
 * Puts every repository chart a stack's layers depend on into the layer's charts/, as `helm
 * dependency update` would; charts prodstack ships (file://) are already there.
 */
export function installSharedCharts(root: string, plan: Plan): void {
  for (const layer of plan.layers) {
    const charts = join(root, layer.dir, 'charts')
    mkdirSync(charts, {recursive: true})
    for (const chart of layer.charts) {
      if (chart.repository.startsWith('file://')) continue
      const file = sharedChartFile(chart.chart, chart.version)
      if (!existsSync(file))
        throw new Error(`${file} is missing: ../shared/charts must hold every pinned chart`)
      copyFileSync(file, join(charts, `${chart.chart}-${chart.version}.tgz`))
    }
  }
}

const shown = new Map<string, unknown>()

/** A packaged chart's values.yaml or Chart.yaml, read with `helm show` (the released files). */
export function packagedChart(
  helm: HelmBinary,
  chart: string,
  version: string,
  what: 'values' | 'chart',
): Record<string, unknown> {
  const key = `${what}:${chart}:${version}`
  if (!shown.has(key))
    shown.set(key, parse(runHelm(helm, ['show', what, sharedChartFile(chart, version)])) ?? {})
  return shown.get(key) as Record<string, unknown>
}
