import {CATALOG, type Catalog} from '../catalog/index.js'
import {buildAnswersSchema} from './build-schema.js'
import {type AnswersSchema, answersSchema} from './schema.js'

const schemas = new WeakMap<Catalog, AnswersSchema>()

/** The answers schema of a catalog, built once. */
export function schemaFor(catalog: Catalog): AnswersSchema {
  if (catalog === CATALOG) return answersSchema
  let schema = schemas.get(catalog)
  if (!schema) {
    schema = buildAnswersSchema(catalog) as unknown as AnswersSchema
    schemas.set(catalog, schema)
  }
  return schema
}
