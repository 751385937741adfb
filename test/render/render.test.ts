import {describe, expect, it} from 'vitest'
import {parse} from 'yaml'
import type {AnswersInput} from '../../src/answers/schema.js'
import {renderStackFiles} from '../../src/app/stack.js'
import {verifyStack} from '../../src/app/verify.js'
import {escapeHelmTemplate} from '../../src/render/file-set.js'
import {layerValues} from '../../src/render/values-tree.js'
import {coverageAnswers, FULL_SINGLE, planFor} from '../support/plans.js'

const presets: Array<[string, AnswersInput]> = [
  ['minimal', {preset: 'minimal'}],
  ['standard', {preset: 'standard'}],
  ['full', {preset: 'full', domain: 'example.com'}],
  ['full-single', FULL_SINGLE],
]

describe.each(presets)('the %s stack', (name, input) => {
  const plan = planFor(input)
  const files = renderStackFiles(plan, '0.1.0')

  it('renders byte-identical files every time', () => {
    const again = renderStackFiles(planFor(input), '0.1.0')
    expect([...again.keys()]).toEqual([...files.keys()])
    for (const [path, contents] of files) expect(again.get(path), path).toBe(contents)
  })

  it('has values.yaml files that pass their own values.schema.json', async () => {
    await expect(verifyStack(plan, files)).resolves.toBeUndefined()
  })

  it('comments every value it sets with why, helm-docs style', () => {
    for (const layer of plan.layers) {
      const values = files.get(layer.dir === '.' ? 'values.yaml' : `${layer.dir}/values.yaml`)!
      for (const chart of layer.charts) {
        for (const setting of chart.settings)
          expect(values, `${chart.alias}.${setting.path.join('.')}`).toContain(`# -- ${setting.why}`)
      }
    }
  })

  it('declares every dependency with an exact version and its condition', () => {
    for (const layer of plan.layers) {
      const chart = parse(files.get(layer.dir === '.' ? 'Chart.yaml' : `${layer.dir}/Chart.yaml`)!)
      expect(chart.apiVersion).toBe('v2')
      expect(chart.dependencies.map((dependency: {condition: string}) => dependency.condition)).toEqual(
        layer.charts.map((entry) => `${entry.alias}.enabled`),
      )
      for (const dependency of chart.dependencies) expect(dependency.version).toMatch(/^v?\d+\.\d+\.\d+$/)
    }
  })

  it('writes the answers it was generated from', () => {
    expect(parse(files.get('prodstack.yaml')!)).toEqual(JSON.parse(JSON.stringify(plan.answers)))
  })

  it('matches the reviewed snapshot', async () => {
    for (const [path, contents] of files) {
      await expect(contents).toMatchFileSnapshot(`../__snapshots__/${name}/${path}`)
    }
  })
})

describe('values schemas', () => {
  it('never contain a null type, for every covered combination', () => {
    for (const input of coverageAnswers()) {
      const files = renderStackFiles(planFor(input), '0.1.0')
      for (const [path, contents] of files) {
        if (path.endsWith('values.schema.json')) expect(contents, path).not.toContain('"null"')
      }
    }
  })
})

describe('escaping for Helm templates', () => {
  it('turns template delimiters into literal text', () => {
    expect(escapeHelmTemplate('a {{ .Release.Name }} b')).toBe('a {{ "{{" }} .Release.Name {{ "}}" }} b')
    expect(escapeHelmTemplate('plain')).toBe('plain')
  })
})

describe('values.yaml', () => {
  it('parses back to exactly the values the plan holds, for every covered combination', () => {
    for (const input of coverageAnswers()) {
      const plan = planFor(input)
      const files = renderStackFiles(plan, '0.1.0')
      for (const layer of plan.layers) {
        const text = files.get(layer.dir === '.' ? 'values.yaml' : `${layer.dir}/values.yaml`)!
        expect(parse(text), layer.release).toEqual(JSON.parse(JSON.stringify(layerValues(layer))))
      }
    }
  })
})

describe('verifying values against the generated schema', () => {
  it('rejects your own values when they change the type of a value prodstack sets', async () => {
    const plan = planFor({preset: 'minimal', values: {cilium: {ipam: {mode: 5}}}})
    const error = await verifyStack(plan, renderStackFiles(plan, '0.1.0')).catch((caught) => caught)
    expect(error.code).toBe('INVALID_STACK')
    expect(error.problems).toEqual([
      {
        source: '20-network/values.yaml/cilium/ipam/mode',
        message: 'must be string',
        hint: 'prodstack sets cilium.ipam.mode with this type: change or remove values.cilium.ipam.mode in your answers',
      },
    ])
  })

  it('accepts your own values for keys prodstack does not set', async () => {
    const plan = planFor({preset: 'minimal', values: {cilium: {operator: {replicas: 1}}}})
    await expect(verifyStack(plan, renderStackFiles(plan, '0.1.0'))).resolves.toBeUndefined()
  })
})
