import {expect, it} from 'vitest'
import {allCharts, CATALOG} from '../src/catalog/index.js'
import {chartValues} from '../src/render/values-tree.js'
import {classifyPath, coalesced, upstreamSchemaErrors} from './support/conformance.js'
import {coverageAnswers, planFor} from './support/plans.js'
import {describeWithShared, upstreamChartYaml, upstreamSource} from './support/shared.js'

const upstreamDirOf = new Map(allCharts(CATALOG).map(({chart}) => [chart.alias, chart.upstreamDir]))
// Each stack also with image and chart mirrors, so that every image key a component sets is checked.
const MIRRORS = {
  registry: 'mirror.example.com:5000/team/prod',
  chartRegistry: 'oci://mirror.example.com/charts',
}
const plans = coverageAnswers()
  .flatMap((input) => [input, {...input, ...MIRRORS}])
  .map((input) => ({name: JSON.stringify(input), plan: planFor(input)}))

describeWithShared('conformance with ../shared/upstream', () => {
  it('pins every chart at the version and name recorded upstream', () => {
    for (const {chart} of allCharts(CATALOG)) {
      if (!chart.upstreamDir) continue
      const chartYaml = upstreamChartYaml(chart.upstreamDir)
      expect(chartYaml.name, chart.alias).toBe(chart.chart)
      // Some charts carry a placeholder version in git; SOURCE.txt records the published one.
      const source = upstreamSource(chart.upstreamDir)
      const published = chartYaml.version === chart.version || source.includes(chart.version)
      expect(published, `${chart.alias} ${chart.version}`).toBe(true)
      expect(source, chart.alias).toContain(chart.repository.replace(/\/$/, ''))
    }
  })

  it('sets only value paths the upstream chart knows', () => {
    const unknown: string[] = []
    let checked = 0
    for (const {name, plan} of plans) {
      for (const chart of plan.layers.flatMap((layer) => layer.charts)) {
        const dir = upstreamDirOf.get(chart.alias)
        if (!dir) continue
        for (const setting of chart.settings) {
          checked++
          if (classifyPath(dir, setting.path) === 'unknown') {
            unknown.push(`${chart.alias}.${setting.path.join('.')} (${name})`)
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(50)
    expect(unknown).toEqual([])
  })

  it('gives every subchart values its upstream values.schema.json accepts', () => {
    const failures: string[] = []
    let validated = 0
    for (const {name, plan} of plans) {
      for (const chart of plan.layers.flatMap((layer) => layer.charts)) {
        const dir = upstreamDirOf.get(chart.alias)
        if (!dir) continue
        const errors = upstreamSchemaErrors(dir, coalesced(dir, chartValues(chart)))
        if (errors === undefined) continue
        validated++
        if (errors.length > 0) failures.push(`${chart.alias} (${name}): ${errors.slice(0, 5).join('; ')}`)
      }
    }
    expect(validated).toBeGreaterThan(5)
    expect(failures).toEqual([])
  })
})
