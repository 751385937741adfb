import {parse} from 'yaml'
import {type Problem, UserError} from '../errors.js'
import type {Plan} from '../plan/types.js'
import {type FileSet, joinPath} from '../render/file-set.js'

/**
 * Reads every layer's values.yaml back from the rendered files and validates it against the
 * values.schema.json rendered next to it, as Helm will. ajv is imported here, on first use only.
 */
export async function verifyStack(plan: Plan, files: FileSet): Promise<void> {
  const {Ajv} = await import('ajv')
  const ajv = new Ajv({allErrors: true, strict: false})
  const problems: Problem[] = []
  for (const layer of plan.layers) {
    const valuesFile = joinPath(layer.dir, 'values.yaml')
    const schema = JSON.parse(files.get(joinPath(layer.dir, 'values.schema.json'))!)
    delete schema.$schema
    const validate = ajv.compile(schema)
    if (!validate(parse(files.get(valuesFile)!))) {
      for (const error of validate.errors ?? []) {
        problems.push({source: `${valuesFile}${error.instancePath}`, message: error.message ?? 'is invalid'})
      }
    }
  }
  if (problems.length > 0) {
    throw new UserError(
      'INVALID_STACK',
      'The generated values do not match the generated schema (check `values` in your answers)',
      problems,
    )
  }
}
