import {parse} from 'yaml'
import {allCharts, CATALOG} from '../catalog/index.js'
import {listStackFiles, readStackTexts} from '../io/stack-files.js'
import {previousPaths} from '../merge/stack-merge.js'
import {diffTrees, formatPath, isTree, type TreeChange} from '../merge/tree.js'
import {parseValues} from '../merge/values-yaml.js'
import {type FileSet, joinPath} from '../render/file-set.js'
import {loadWrittenStack, renderPlan} from './pipeline.js'
import {
  type ConflictJson,
  conflictJson,
  editJson,
  type LocalEditJson,
  mergeWithStack,
  readExistingStack,
} from './regenerate.js'

/** A chart whose version changes (`from` → `to`), or that is added (no `from`) or removed (no `to`). */
export interface ChartChange {
  alias: string
  chart: string
  from?: string
  to?: string
}

export interface ValueChange {
  file: string
  path: string
  change: TreeChange['change']
  from?: unknown
  to?: unknown
}

/** What regenerating a stack from its prodstack.yaml would change, and the hand edits it would keep. */
export interface StackDiff {
  dir: string
  /** Whether regenerating would change anything (what `--exit-code` reports). */
  changed: boolean
  /** Whether the stack has a record of what prodstack wrote; without one, every difference conflicts. */
  recorded: boolean
  recordProblem?: string
  components: {added: string[]; removed: string[]}
  charts: ChartChange[]
  /** Paths as they would be written; `moved` are layer directories renumbered by a layer added or removed before them. */
  files: {added: string[]; removed: string[]; changed: string[]; moved: Array<{from: string; to: string}>}
  /** Value changes per values file and path, from what is on disk to what would be written. */
  values: ValueChange[]
  /** What would stop `init --force` without --strategy. */
  conflicts: ConflictJson[]
  /** Hand edits found (kept when regenerating, unless a conflict is settled the other way). */
  localEdits: LocalEditJson[]
  /** Hand edits of what prodstack would no longer generate. */
  dropped: LocalEditJson[]
}

/**
 * Compares a stack directory with what `init --answers DIR/prodstack.yaml --force DIR` would write
 * (the current catalog, hand edits merged in). Writes nothing and needs no cluster.
 */
export async function diffStack(dir: string, generatorVersion: string): Promise<StackDiff> {
  const {plan, files: generated} = await renderPlan(loadWrittenStack(dir).plan, generatorVersion)
  const existing = readExistingStack(dir, generated)
  const merge = mergeWithStack(existing, plan, generated)
  const onDisk = listStackFiles(dir)
  const disk = readStackTexts(dir, onDisk).texts
  const next = merge.files

  // A layer renumbered by a new one before it (02-network -> 03-network) is a move, not a new chart.
  const renamed = previousPaths(next.keys(), onDisk)
  const before = (path: string) => renamed.get(path) ?? path
  const moved = new Set(renamed.values())
  const dirOf = (path: string) => path.slice(0, path.indexOf('/'))
  const files = {
    added: [...next.keys()].filter((path) => !onDisk.includes(before(path))),
    removed: onDisk.filter((path) => !next.has(path) && !moved.has(path)),
    changed: [...next.keys()].filter(
      (path) => onDisk.includes(before(path)) && disk.get(before(path)) !== next.get(path),
    ),
    moved: [...new Map([...renamed].map(([to, from]) => [dirOf(from), dirOf(to)]))].map(([from, to]) => ({
      from,
      to,
    })),
  }
  const values: ValueChange[] = []
  for (const layer of plan.layers) {
    const file = joinPath(layer.dir, 'values.yaml')
    const previous = disk.get(before(file))
    const after = next.get(file)
    if (previous === undefined || after === undefined || previous === after) continue
    const parsedBefore = parseValues(previous)
    const parsedAfter = parseValues(after)
    if (typeof parsedBefore === 'string' || typeof parsedAfter === 'string') continue
    for (const change of diffTrees(parsedBefore.tree, parsedAfter.tree))
      values.push({file, ...change, path: formatPath(change.path)})
  }

  const oldComponents = existing.record?.components ?? componentsOf(chartsIn(disk))
  const newComponents = plan.components.map((component) => component.id)
  const components = {
    added: newComponents.filter((id) => !oldComponents.includes(id)),
    removed: oldComponents.filter((id) => !newComponents.includes(id)),
  }
  const charts = chartChanges(chartsIn(disk), chartsIn(next))
  const conflicts = merge.conflicts.map(conflictJson)
  const changed =
    components.added.length + components.removed.length + charts.length + conflicts.length > 0 ||
    files.added.length + files.removed.length + files.changed.length + files.moved.length + values.length > 0
  return {
    dir,
    changed,
    recorded: existing.record !== undefined,
    ...(existing.recordProblem ? {recordProblem: existing.recordProblem} : {}),
    components,
    charts,
    files,
    values,
    conflicts,
    localEdits: merge.localEdits.map(editJson),
    dropped: merge.dropped.map(editJson),
  }
}

interface ChartEntry {
  alias: string
  chart: string
  version: string
}

/** The dependencies every Chart.yaml of a stack declares, by alias (hand-edited ones included). */
function chartsIn(files: ReadonlyMap<string, string> | FileSet): Map<string, ChartEntry> {
  const charts = new Map<string, ChartEntry>()
  for (const [path, text] of files) {
    if (!/^(\d{2}-[a-z0-9-]+\/)?Chart\.yaml$/.test(path)) continue
    let chart: unknown
    try {
      chart = parse(text)
    } catch {
      continue // validate reports a broken Chart.yaml.
    }
    const dependencies = isTree(chart) && Array.isArray(chart.dependencies) ? chart.dependencies : []
    for (const dependency of dependencies) {
      if (!isTree(dependency) || typeof dependency.name !== 'string') continue
      const alias = typeof dependency.alias === 'string' ? dependency.alias : dependency.name
      charts.set(alias, {alias, chart: dependency.name, version: String(dependency.version)})
    }
  }
  return charts
}

function chartChanges(before: Map<string, ChartEntry>, after: Map<string, ChartEntry>): ChartChange[] {
  const changes: ChartChange[] = []
  for (const [alias, old] of before) {
    const next = after.get(alias)
    if (!next) changes.push({alias, chart: old.chart, from: old.version})
    else if (next.version !== old.version || next.chart !== old.chart)
      changes.push({alias, chart: next.chart, from: old.version, to: next.version})
  }
  for (const [alias, next] of after)
    if (!before.has(alias)) changes.push({alias, chart: next.chart, to: next.version})
  return changes
}

/** Without a record: the components of the charts on disk, as this prodstack's catalog names them. */
function componentsOf(charts: Map<string, ChartEntry>): string[] {
  const byAlias = new Map(allCharts(CATALOG).map(({component, chart}) => [chart.alias, component.id]))
  const ids: string[] = []
  for (const alias of charts.keys()) {
    const id = byAlias.get(alias)
    if (id && !ids.includes(id)) ids.push(id)
  }
  return ids
}
