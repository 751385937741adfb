/**
 * Checks values against the values.schema.json files prodstack generates. Those schemas use a
 * closed vocabulary (type, properties, required, additionalProperties, description), so a direct
 * walk does the job in microseconds where loading and compiling a general validator costs tens of
 * milliseconds at every `init`. Any other keyword is refused rather than ignored; tests check the
 * results against ajv and Helm on every rendered stack.
 */

export interface ValueError {
  /** JSON pointer of the offending value. */
  path: string
  message: string
}

type Schema = Record<string, unknown>

const KNOWN = new Set([
  '$schema',
  'title',
  'description',
  'type',
  'properties',
  'required',
  'additionalProperties',
])

function typeOf(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number'
  return typeof value
}

function matchesType(value: unknown, expected: string): boolean {
  const actual = typeOf(value)
  return actual === expected || (expected === 'number' && actual === 'integer')
}

export function checkValues(schema: Schema, value: unknown, path = ''): ValueError[] {
  for (const keyword of Object.keys(schema)) {
    if (!KNOWN.has(keyword))
      throw new Error(`checkValues: unsupported schema keyword "${keyword}" at ${path || '/'}`)
  }
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string]
    if (!types.some((type) => matchesType(value, type)))
      return [{path, message: `must be ${types.join(',')}`}]
  }
  if (typeOf(value) !== 'object') return []
  const object = value as Record<string, unknown>
  const properties = (schema.properties ?? {}) as Record<string, Schema>
  const errors: ValueError[] = []
  for (const key of (schema.required ?? []) as string[]) {
    if (!Object.hasOwn(object, key)) errors.push({path, message: `must have required property '${key}'`})
  }
  for (const [key, child] of Object.entries(object)) {
    const childPath = `${path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`
    // Own properties only: a key such as `toString` is not in the schema because objects have one.
    const property = Object.hasOwn(properties, key) ? properties[key] : undefined
    if (property) errors.push(...checkValues(property, child, childPath))
    else if (schema.additionalProperties === false)
      errors.push({path: childPath, message: 'must NOT have additional properties'})
    else if (typeof schema.additionalProperties === 'object' && schema.additionalProperties !== null) {
      errors.push(...checkValues(schema.additionalProperties as Schema, child, childPath))
    }
  }
  return errors
}
