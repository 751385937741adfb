import {completeAnswers} from '../answers/complete.js'
import type {Answers} from '../answers/schema.js'
import {UserError} from '../errors.js'
import {checkTarget, writeStack} from '../io/write-stack.js'
import {parseRecord, RECORD_FILE, renderRecord, type StackRecord, valuesFilesOf} from '../merge/record.js'
import type {Strategy} from '../merge/three-way.js'
import {child, formatPath, isTree, isUnder, put, type Tree, valueAt} from '../merge/tree.js'
import {parseValues, type ValuesEdit, valuesEdits} from '../merge/values-yaml.js'
import type {Plan, PlannedChart} from '../plan/types.js'
import {joinPath} from '../render/file-set.js'
import {fileSource, validateAnswersInput} from '../schema/validate-answers.js'
import {type DependencyUpdate, updateDependencies} from './dependencies.js'
import {generateStack, loadWrittenStack} from './pipeline.js'
import {type MergeReport, prepareStack, readExistingStack} from './regenerate.js'
import {renderStackFiles} from './stack.js'

/** A hand edit moved into prodstack.yaml: `key` is where it went (`values.<alias>.<path>`). */
export interface Adopted {
  file: string
  path: string
  change: 'added' | 'changed' | 'removed'
  key: string
  value?: unknown
}

/** A hand edit that stays one, and why it cannot be written as prodstack.yaml values. */
export interface NotAdopted {
  file: string
  path: string
  change: ValuesEdit['change']
  reason: string
}

export interface Adoption {
  dir: string
  adopted: Adopted[]
  notAdopted: NotAdopted[]
  /** Whether the stack was written (nothing to adopt, or --dry-run, writes nothing). */
  written: boolean
  /** What regenerating did with the hand edits left. */
  merge?: MergeReport
  /** Without a record, hand edits are what differs from what this prodstack generates now. */
  recorded: boolean
  plan: Plan
  /** `helm dependency update` of each chart written (none when nothing was, or without helmBin). */
  dependencies: DependencyUpdate[]
}

const REMOVED =
  'a deleted key cannot be written as prodstack.yaml values, which are merged over what prodstack sets (null would also delete the chart default); it stays a hand edit, kept when regenerating while prodstack leaves the key alone'
const COMMENT =
  'comments stay in values.yaml (prodstack.yaml values hold values only); kept when regenerating'

/**
 * Moves the hand edits of a stack's values.yaml files into its prodstack.yaml `values:`, then
 * regenerates the stack, so that the edits are part of the answers and regeneration is clean.
 * What values cannot express (a deleted key, a comment, a key outside every dependency) stays a
 * hand edit and is reported. Without a record, hand edits are what differs from what this
 * prodstack generates from prodstack.yaml now.
 */
export async function adoptEdits(
  dir: string,
  options: {
    generatorVersion: string
    strategy?: Strategy
    dryRun: boolean
    /** Runs `helm dependency update` on the charts written, as init does. */
    helmBin?: string
    progress?: (message: string) => void
  },
): Promise<Adoption> {
  const {answersFile, answers, plan: before} = loadWrittenStack(dir)
  const generated = renderStackFiles(before, options.generatorVersion)
  const existing = readExistingStack(dir, generated)
  // Without a record, what this prodstack generates from the answers now stands for the base.
  const recorded = existing.record !== undefined
  const synthesized = renderRecord(before, generated)
  const record =
    existing.record ??
    (parseRecord(synthesized.get(RECORD_FILE)!, (path) => synthesized.get(path)) as StackRecord)

  // The dependencies of each chart, by the values file that configures them.
  const chartsOf = new Map(
    before.layers.map((layer) => [
      joinPath(layer.dir, 'values.yaml'),
      new Map(layer.charts.map((chart) => [chart.alias, chart])),
    ]),
  )
  const values = structuredClone(answers.values) as Record<string, Tree>
  const adopted: Adopted[] = []
  const notAdopted: NotAdopted[] = []
  for (const file of valuesFilesOf(before).filter((path) => record.values.has(path))) {
    const base = parseValues(record.values.get(file)!)
    const text = existing.disk.get(file)
    const ours = text === undefined ? undefined : parseValues(text)
    if (typeof base === 'string' || ours === undefined) continue
    if (typeof ours === 'string') {
      notAdopted.push({file, path: '(root)', change: 'changed', reason: `${file} ${ours}`})
      continue
    }
    for (const edit of valuesEdits(base, ours)) {
      const path = formatPath(edit.path)
      const [alias, ...rest] = edit.path
      const chart = alias === undefined ? undefined : chartsOf.get(file)?.get(alias)
      if (edit.change === 'comment') {
        notAdopted.push({file, path, change: edit.change, reason: COMMENT})
      } else if (!chart || rest.length === 0) {
        notAdopted.push({
          file,
          path,
          change: edit.change,
          reason: chart
            ? `prodstack.yaml values.${alias} holds the values below ${alias}, not the section itself`
            : `${alias} is not a dependency of this chart: prodstack.yaml values only hold values for the dependencies`,
        })
      } else if (edit.change === 'removed') {
        if (valueAt(values[chart.alias], rest) !== undefined && !prodstackSets(chart, rest)) {
          // The user's own value from prodstack.yaml, deleted by hand: delete it there.
          deleteAt(values, [chart.alias, ...rest])
          adopted.push({file, path, change: edit.change, key: formatPath(['values', chart.alias, ...rest])})
        } else notAdopted.push({file, path, change: edit.change, reason: REMOVED})
      } else {
        setAt(values, [chart.alias, ...rest], edit.to)
        adopted.push({
          file,
          path,
          change: edit.change,
          key: formatPath(['values', chart.alias, ...rest]),
          value: edit.to,
        })
      }
    }
  }
  if (adopted.length === 0 || options.dryRun)
    return {dir, adopted, notAdopted, written: false, recorded, plan: before, dependencies: []}

  const input = {...answers, values}
  const problems = validateAnswersInput(
    input,
    (path) => `${fileSource(answersFile)(path)} (adopted from values.yaml)`,
  )
  if (problems.length > 0)
    throw new UserError(
      'INVALID_ANSWERS',
      'The hand edits cannot be written as prodstack.yaml values',
      problems,
    )
  const {plan, files} = await generateStack(completeAnswers(input) as Answers, options.generatorVersion)
  const prepared = prepareStack(dir, plan, files, {
    force: true,
    ...(options.strategy ? {strategy: options.strategy} : {}),
    existing: {...existing, record},
  })
  writeStack(checkTarget(dir, true), prepared.files)
  const dependencies = options.helmBin
    ? await updateDependencies(plan, dir, options.helmBin, options.progress ?? (() => {}))
    : []
  return {
    dir,
    adopted,
    notAdopted,
    written: true,
    ...(prepared.merge
      ? {merge: {...prepared.merge, kept: stillEdits(prepared.merge.kept, adopted), recorded}}
      : {}),
    recorded,
    plan,
    dependencies,
  }
}

/** The hand edits kept by the regeneration that were not adopted (those are answers now). */
function stillEdits(kept: MergeReport['kept'], adopted: Adopted[]): MergeReport['kept'] {
  return kept.filter(
    (edit) =>
      !edit.path ||
      edit.change === 'comment' ||
      !adopted.some((done) => done.file === edit.file && done.path === formatPath(edit.path!)),
  )
}

/** Whether prodstack sets a value at, above or below `path` in this chart. */
function prodstackSets(chart: PlannedChart, path: string[]): boolean {
  if (path[0] === 'enabled') return true
  return chart.settings.some((setting) => isUnder(setting.path, path) || isUnder(path, setting.path))
}

function setAt(tree: Tree, path: string[], value: unknown): void {
  let node = tree
  for (const key of path.slice(0, -1)) {
    if (!isTree(child(node, key))) put(node, key, {})
    node = node[key] as Tree
  }
  put(node, path.at(-1)!, structuredClone(value))
}

/** Deletes a key, and the mappings it leaves empty. */
function deleteAt(tree: Tree, path: string[]): void {
  const [key, ...rest] = path
  if (key === undefined || !isTree(tree)) return
  if (rest.length === 0) delete tree[key]
  else if (isTree(child(tree, key))) {
    deleteAt(tree[key] as Tree, rest)
    if (Object.keys(tree[key] as Tree).length === 0) delete tree[key]
  }
}
