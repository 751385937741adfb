import type {Setting} from '../catalog/types.js'
import type {PlannedLayer} from '../plan/types.js'

type Schema = Record<string, unknown>

/**
 * values.schema.json of a layer chart. Strict where prodstack owns the keys (the top-level set of
 * dependency aliases, `enabled`, and the type of every value we set); open below each alias, since
 * Helm validates the coalesced values including every upstream default. `global` stays open because
 * Helm copies it into every subchart. Types come from values, never `null`.
 */
export function renderValuesSchema(layer: PlannedLayer): string {
  const properties: Record<string, Schema> = {
    global: {type: 'object', description: 'Helm globals, shared with every subchart.'},
    tags: {type: 'object', description: 'Helm dependency tags.'},
  }
  for (const chart of layer.charts) {
    const section: Schema = {
      type: 'object',
      description: `${chart.chart} ${chart.version}`,
      properties: {enabled: {type: 'boolean', description: 'Install this dependency.'}},
      required: ['enabled'],
    }
    for (const setting of chart.settings) addSetting(section, setting)
    properties[chart.alias] = section
  }
  const schema = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: `${layer.release} values`,
    type: 'object',
    additionalProperties: false,
    properties,
  }
  return `${JSON.stringify(schema, null, 2)}\n`
}

function typeOf(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined
  if (Array.isArray(value)) return 'array'
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number'
  return typeof value
}

function addSetting(section: Schema, setting: Setting): void {
  const propertiesOf = (schema: Schema): Record<string, Schema> => {
    schema.properties ??= {}
    return schema.properties as Record<string, Schema>
  }
  let node = section
  for (const key of setting.path.slice(0, -1)) {
    const properties = propertiesOf(node)
    properties[key] ??= {type: 'object'}
    const child = properties[key]
    // Another setting may already have typed this key as a leaf; leave that alone.
    if (child.type !== 'object') return
    node = child
  }
  const properties = propertiesOf(node)
  const leaf = setting.path.at(-1)!
  const type = typeOf(setting.value)
  const existing = properties[leaf]
  if (existing && existing.type === 'object' && type === 'object') return
  properties[leaf] = {...(type ? {type} : {}), description: setting.why}
}
