import {parse} from 'yaml'
import type {Problem} from '../errors.js'
import type {LayerChart, LayerInfo, RenderedObject} from './types.js'

/** Aliases a rendered document may expand at most; charts do not use them, a hostile one might. */
const MAX_ALIASES = 1000

const isMap = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/**
 * Splits `helm template` output into objects, each with its `# Source:` template. `kind: List`
 * objects are flattened into their items. Documents that do not parse are reported, not fatal.
 * `wanted` skips documents by their text before they are parsed (most of a stack's output is
 * dashboards, alerting rules and CRDs, which run nothing).
 */
export function splitManifests(
  text: string,
  where: string,
  wanted: (document: string) => boolean = () => true,
): {objects: RenderedObject[]; problems: Problem[]} {
  const objects: RenderedObject[] = []
  const problems: Problem[] = []
  for (const chunk of text.split(/^---[ \t]*$/m)) {
    if (chunk.trim() === '' || !wanted(chunk)) continue
    const source = /^# Source: (.+)$/m.exec(chunk)?.[1]?.trim()
    let value: unknown
    try {
      // Go's YAML decoder (Helm, kubectl) keeps the last of duplicate keys: do the same.
      value = parse(chunk, {uniqueKeys: false, maxAliasCount: MAX_ALIASES})
    } catch (error) {
      problems.push({
        source: source ? `${where}: ${source}` : where,
        message: `rendered a document that is not valid YAML: ${String((error as Error).message ?? error).split('\n')[0]}`,
        hint: 'its images are not listed; report it to the chart, or check your values for it',
      })
      continue
    }
    const push = (object: unknown) => {
      if (!isMap(object)) return
      if (object.kind === 'List' && Array.isArray(object.items)) object.items.forEach(push)
      else objects.push({...(source ? {source} : {}), object})
    }
    push(value)
  }
  return {objects, problems}
}

export interface Attribution {
  /** The dependency alias of the layer chart, when the template belongs to one. */
  alias?: string
  chart: string
  version?: string
  subchart?: string
}

/**
 * Which chart of the layer a template belongs to. Helm names templates
 * `<layer chart>/charts/<alias>/[charts/<subchart>/…]templates/<file>`; a template of the layer
 * chart itself has no `charts/` part.
 */
export function attribute(source: string | undefined, layer: LayerInfo): Attribution {
  const parts = (source ?? '').split('/')
  const aliases: string[] = []
  for (let index = 1; index + 1 < parts.length && parts[index] === 'charts'; index += 2)
    aliases.push(parts[index + 1]!)
  const [alias, ...nested] = aliases
  const chart: LayerChart | undefined = alias
    ? layer.charts.find((candidate) => candidate.alias === alias)
    : undefined
  if (!alias || !chart) return {chart: alias ?? layer.release}
  return {
    alias,
    chart: chart.chart,
    version: chart.version,
    ...(nested.length > 0 ? {subchart: nested.join('/')} : {}),
  }
}
