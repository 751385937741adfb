import type {Setting} from '../catalog/types.js'
import type {PlannedChart, PlannedLayer} from '../plan/types.js'

type Tree = Record<string, unknown>

function isPlainObject(value: unknown): value is Tree {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Deep merge where `over` wins; lists are replaced, as Helm does. */
export function mergeValues(base: Tree, over: Tree): Tree {
  const result: Tree = {...base}
  for (const [key, value] of Object.entries(over)) {
    const current = result[key]
    result[key] =
      isPlainObject(current) && isPlainObject(value) ? mergeValues(current, value) : structuredClone(value)
  }
  return result
}

export function settingsToTree(settings: readonly Setting[]): Tree {
  const root: Tree = {}
  for (const setting of settings) {
    let node = root
    for (const key of setting.path.slice(0, -1)) {
      const next = node[key]
      if (!isPlainObject(next)) node[key] = {}
      node = node[key] as Tree
    }
    const leaf = setting.path.at(-1)!
    const existing = node[leaf]
    node[leaf] =
      isPlainObject(existing) && isPlainObject(setting.value)
        ? mergeValues(existing, setting.value)
        : structuredClone(setting.value)
  }
  return root
}

/** The values section a subchart receives from the generated chart: `enabled`, our settings, the user's values. */
export function chartValues(chart: PlannedChart): Tree {
  const ours = mergeValues({enabled: true}, settingsToTree(chart.settings))
  return chart.userValues ? mergeValues(ours, chart.userValues) : ours
}

/** The values of a layer chart, as its values.yaml holds them: one section per dependency alias. */
export function layerValues(layer: PlannedLayer): Record<string, unknown> {
  return Object.fromEntries(layer.charts.map((chart) => [chart.alias, chartValues(chart)]))
}
