import type {ValidateFunction} from 'ajv'
import {type Problem, UserError} from '../errors.js'
import type {Plan} from '../plan/types.js'
import {type FileSet, joinPath} from '../render/file-set.js'
import {layerValues} from '../render/values-tree.js'

type Compile = (schema: Record<string, unknown>) => ValidateFunction
let compile: Compile | undefined
// Compiling is the expensive part, and the same schemas recur across stacks: keep them (bounded).
const validators = new Map<string, ValidateFunction>()

async function validatorFor(schema: Record<string, unknown>): Promise<ValidateFunction> {
  const key = JSON.stringify(schema)
  let validate = validators.get(key)
  if (!validate) {
    if (!compile) {
      const {Ajv} = await import('ajv')
      const ajv = new Ajv({allErrors: true, strict: false})
      compile = (body) => ajv.compile(body)
    }
    validate = compile(schema)
    if (validators.size >= 4096) validators.clear()
    validators.set(key, validate)
  }
  return validate
}

type Schema = Record<string, unknown>

/**
 * Validates values against a values.schema.json. A schema of the shape prodstack generates (an
 * object with fixed properties and no others) is checked property by property, which is the same
 * check with far fewer distinct schemas to compile; anything else is compiled whole.
 */
async function schemaErrors(
  schemaText: string,
  values: Record<string, unknown>,
): Promise<Array<{path: string; message: string}>> {
  const {$schema: _draft, title: _title, ...schema} = JSON.parse(schemaText) as Schema
  const properties = schema.properties as Record<string, Schema> | undefined
  const decomposable =
    properties &&
    schema.additionalProperties === false &&
    Object.keys(schema).every((key) => ['type', 'additionalProperties', 'properties'].includes(key))
  const errorsOf = (validate: ValidateFunction, prefix: string) =>
    (validate.errors ?? []).map((error) => ({
      path: `${prefix}${error.instancePath}`,
      message: error.message ?? 'is invalid',
    }))
  if (!decomposable) {
    const validate = await validatorFor(schema)
    return validate(values) ? [] : errorsOf(validate, '')
  }
  const errors: Array<{path: string; message: string}> = []
  for (const [key, value] of Object.entries(values)) {
    const property = properties[key]
    if (!property) {
      errors.push({path: `/${key}`, message: 'must NOT have additional properties'})
      continue
    }
    const validate = await validatorFor(property)
    if (!validate(value)) errors.push(...errorsOf(validate, `/${key}`))
  }
  return errors
}

/**
 * Validates every layer's values (the tree values.yaml serializes) against the values.schema.json
 * rendered next to it, as Helm will. ajv is imported here, on first use only; a test checks that
 * values.yaml parses back to the same tree.
 */
export async function verifyStack(plan: Plan, files: FileSet): Promise<void> {
  const problems: Problem[] = []
  for (const layer of plan.layers) {
    const valuesFile = joinPath(layer.dir, 'values.yaml')
    const errors = await schemaErrors(
      files.get(joinPath(layer.dir, 'values.schema.json'))!,
      layerValues(layer),
    )
    for (const error of errors) problems.push({source: `${valuesFile}${error.path}`, message: error.message})
  }
  if (problems.length > 0) {
    throw new UserError(
      'INVALID_STACK',
      'The generated values do not match the generated schema (check `values` in your answers)',
      problems,
    )
  }
}
