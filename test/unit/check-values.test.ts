import {Ajv} from 'ajv'
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {renderStackFiles} from '../../src/app/stack.js'
import {joinPath} from '../../src/render/file-set.js'
import {layerValues} from '../../src/render/values-tree.js'
import {checkValues} from '../../src/schema/check-values.js'
import {coverageAnswers, planFor} from '../support/plans.js'

const ajv = new Ajv({allErrors: true, strict: false})

function ajvErrors(schema: Record<string, unknown>, value: unknown): string[] {
  const {$schema: _draft, ...body} = schema
  const validate = ajv.compile(body)
  return validate(value) ? [] : (validate.errors ?? []).map((error) => error.instancePath)
}

describe('checking values against generated schemas', () => {
  const schema = {
    type: 'object',
    additionalProperties: false,
    properties: {
      global: {type: 'object'},
      cilium: {
        type: 'object',
        required: ['enabled'],
        properties: {
          enabled: {type: 'boolean'},
          ipam: {type: 'object', properties: {mode: {type: 'string'}}},
          n: {type: 'integer'},
        },
      },
    },
  }

  it('accepts matching values and reports each mismatch at its path', () => {
    expect(checkValues(schema, {cilium: {enabled: true, ipam: {mode: 'x', other: 1}}})).toEqual([])
    expect(checkValues(schema, {cilium: {enabled: 'yes', ipam: {mode: 5}, n: 1.5}, extra: {}})).toEqual([
      {path: '/cilium/enabled', message: 'must be boolean'},
      {path: '/cilium/ipam/mode', message: 'must be string'},
      {path: '/cilium/n', message: 'must be integer'},
      {path: '/extra', message: 'must NOT have additional properties'},
    ])
    expect(checkValues(schema, {cilium: {}})).toEqual([
      {path: '/cilium', message: "must have required property 'enabled'"},
    ])
  })

  it('refuses a schema keyword it does not implement instead of ignoring it', () => {
    expect(() => checkValues({type: 'string', pattern: '^a'}, 'b')).toThrow(
      'unsupported schema keyword "pattern"',
    )
  })

  it('treats keys named like Object methods as the data they are', () => {
    expect(checkValues(schema, {toString: 0})).toEqual([
      {path: '/toString', message: 'must NOT have additional properties'},
    ])
    expect(ajvErrors(schema, {toString: 0})).toHaveLength(1)
  })

  it('agrees with ajv on random values', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        const ours = checkValues(schema, value).map((error) => error.path)
        const theirs = ajvErrors(schema, value)
        expect(ours.length === 0).toBe(theirs.length === 0)
      }),
      {numRuns: 2000},
    )
  })

  it('agrees with ajv on every rendered stack of the coverage set, with and without a wrong type', () => {
    let errorsFound = 0
    for (const input of [
      ...coverageAnswers(),
      {preset: 'full' as const, values: {cilium: {ipam: {mode: 5}}}},
    ]) {
      const plan = planFor(input)
      const files = renderStackFiles(plan, '0.1.0')
      for (const layer of plan.layers) {
        const layerSchema = JSON.parse(files.get(joinPath(layer.dir, 'values.schema.json'))!)
        const values = layerValues(layer)
        const ours = checkValues(layerSchema, values).map((error) => error.path)
        expect(ours).toEqual(ajvErrors(layerSchema, values))
        errorsFound += ours.length
      }
    }
    // Only the planted wrong type is an error, and both validators find it.
    expect(errorsFound).toBe(1)
  })
})
