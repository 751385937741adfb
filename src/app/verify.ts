import {type Problem, UserError} from '../errors.js'
import type {Plan} from '../plan/types.js'
import {type FileSet, joinPath} from '../render/file-set.js'
import {layerValues} from '../render/values-tree.js'
import {checkValues} from '../schema/check-values.js'

/**
 * Validates every layer's values (the tree values.yaml serializes) against the values.schema.json
 * rendered next to it, as Helm will. Tests check that values.yaml parses back to the same tree and
 * that ajv and Helm agree with the result.
 */
export async function verifyStack(plan: Plan, files: FileSet): Promise<void> {
  const problems: Problem[] = []
  for (const layer of plan.layers) {
    const valuesFile = joinPath(layer.dir, 'values.yaml')
    const schema = JSON.parse(files.get(joinPath(layer.dir, 'values.schema.json'))!)
    for (const error of checkValues(schema, layerValues(layer))) {
      // Only the answers' `values` can change what prodstack sets: name the key there to fix.
      const key = error.path.split('/').filter(Boolean).join('.')
      problems.push({
        source: `${valuesFile}${error.path}`,
        message: error.message,
        hint: key.includes('.')
          ? `prodstack sets ${key} with this type: change or remove values.${key} in your answers`
          : 'check values in your answers',
      })
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
