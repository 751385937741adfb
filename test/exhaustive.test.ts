import {expect, it} from 'vitest'
import {completeAnswers} from '../src/answers/complete.js'
import type {AnswersInput} from '../src/answers/schema.js'
import {renderStackFiles} from '../src/app/stack.js'
import {verifyStack} from '../src/app/verify.js'
import {allCharts, CATALOG} from '../src/catalog/index.js'
import {UserError} from '../src/errors.js'
import {resolvePlan} from '../src/plan/resolve.js'
import {chartValues} from '../src/render/values-tree.js'
import {everyCombination} from './support/combinations.js'
import {classifyPath, coalesced, upstreamSchemaErrors} from './support/conformance.js'
import {describeWithShared} from './support/shared.js'

/** The rules, restated independently of the catalog: which flags a combination must be rejected for. */
function expectedProblems(input: AnswersInput): string[] {
  const sources = new Set<string>()
  if (input.dashboards?.includes('kibana') && input.logStore !== 'elasticsearch') sources.add('--dashboards')
  if (input.dashboards?.includes('opensearch-dashboards') && input.logStore !== 'opensearch')
    sources.add('--dashboards')
  if (input.logging !== 'none' && input.logStore === 'none') sources.add('--logging')
  // Alloy's pipeline is wired to Loki only.
  if (input.logging === 'alloy' && input.logStore !== 'loki') sources.add('--logging')
  if (input.domain && input.ingress === 'none') sources.add('--domain')
  if (input.ingress === 'ingress-nginx' && input.allowRetired !== true) sources.add('--ingress')
  return [...sources].sort()
}

const upstreamDirOf = new Map(allCharts(CATALOG).map(({chart}) => [chart.alias, chart.upstreamDir]))

describeWithShared('the whole space of choices', () => {
  it('plans, renders and validates every valid combination, and rejects every invalid one with its reason', async () => {
    const pathVerdicts = new Map<string, string>()
    const sectionErrors = new Map<string, string[] | undefined>()
    const failures: string[] = []
    let valid = 0
    let invalid = 0
    const started = performance.now()

    for (const input of everyCombination()) {
      const label = JSON.stringify(input)
      const expected = expectedProblems(input)
      let plan: ReturnType<typeof resolvePlan>
      try {
        plan = resolvePlan(completeAnswers(input), CATALOG)
      } catch (error) {
        if (!(error instanceof UserError)) throw error
        invalid++
        const sources = [...new Set(error.problems.map((problem) => problem.source))].sort()
        if (JSON.stringify(sources) !== JSON.stringify(expected))
          failures.push(`${label}: rejected by ${sources}, expected ${expected}`)
        if (error.problems.some((problem) => !problem.message || !problem.hint))
          failures.push(`${label}: a problem without a fix`)
        continue
      }
      valid++
      if (expected.length > 0) failures.push(`${label}: accepted, expected rejection by ${expected}`)

      const files = renderStackFiles(plan, '0.0.0')
      try {
        await verifyStack(plan, files)
      } catch (error) {
        failures.push(
          `${label}: ${(error as UserError).problems?.[0]?.source ?? error} fails its values schema`,
        )
      }
      for (const layer of plan.layers) {
        if (layer.release.length > 53) failures.push(`${label}: release ${layer.release} too long`)
        for (const chart of layer.charts) {
          const dir = upstreamDirOf.get(chart.alias)
          if (!dir) continue
          for (const setting of chart.settings) {
            const key = `${dir}|${setting.path.join('\u0000')}`
            let verdict = pathVerdicts.get(key)
            if (!verdict) {
              verdict = classifyPath(dir, setting.path)
              pathVerdicts.set(key, verdict)
            }
            if (verdict === 'unknown')
              failures.push(`${label}: ${chart.alias}.${setting.path.join('.')} unknown upstream`)
          }
          const section = JSON.stringify(chartValues(chart))
          const key = `${dir}|${section}`
          if (!sectionErrors.has(key))
            sectionErrors.set(key, upstreamSchemaErrors(dir, coalesced(dir, JSON.parse(section))))
          const errors = sectionErrors.get(key)
          if (errors && errors.length > 0)
            failures.push(`${label}: ${chart.alias} fails upstream schema: ${errors[0]}`)
        }
      }
      const grafana = plan.layers.flatMap((layer) => layer.charts).find((chart) => chart.alias === 'grafana')
      if (grafana) {
        const provisioned = grafana.settings.find(
          (setting) => setting.path.join('.') === 'datasources.datasources.yaml',
        )?.value as {datasources: Array<{isDefault: boolean}>} | undefined
        const defaults = provisioned?.datasources.filter((source) => source.isDefault).length ?? 0
        if (provisioned && defaults !== 1) failures.push(`${label}: ${defaults} default Grafana datasources`)
      }
      if (failures.length > 20) break
    }

    const seconds = ((performance.now() - started) / 1000).toFixed(1)
    console.log(
      `whole space: ${valid + invalid} combinations, ${valid} valid, ${invalid} rejected, ${seconds}s`,
    )
    expect(failures).toEqual([])
    expect(valid + invalid).toBe(5 * 4 * 3 * 3 * 5 * 4 * 8 * 2)
    expect(valid).toBeGreaterThan(1000)
    // CPU-bound (57,600 combinations): on a busy two-core machine it takes longer than the default minute.
  }, 300_000)
})
