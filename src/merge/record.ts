import {createHash} from 'node:crypto'
import {parse, stringify} from 'yaml'
import type {Plan} from '../plan/types.js'
import {type FileSet, joinPath} from '../render/file-set.js'
import {isTree} from './tree.js'

/**
 * The record a stack keeps of what prodstack generated last, so that regenerating can tell hand
 * edits from prodstack's own changes (a three-way merge needs the base):
 *
 *   .prodstack/generated.yaml          components, charts and versions, and a SHA-256 per generated file
 *   .prodstack/base/<dir>/values.yaml  each values.yaml as prodstack wrote it (values and comments)
 *
 * It is derived from the generated files alone, so it is as deterministic as they are. prodstack.yaml
 * is not in it: it is the input, edited by hand on purpose.
 */
export const RECORD_DIR = '.prodstack'
export const RECORD_FILE = `${RECORD_DIR}/generated.yaml`
export const RECORD_FORMAT = 1
const BASE_DIR = `${RECORD_DIR}/base`
/** The generated file that is the stack's input, never merged: it is rewritten from the answers. */
export const ANSWERS_FILE = 'prodstack.yaml'

export function basePath(file: string): string {
  return `${BASE_DIR}/${file}`
}

export function isRecordPath(path: string): boolean {
  return path === RECORD_DIR || path.startsWith(`${RECORD_DIR}/`)
}

export interface RecordedChart {
  dir: string
  alias: string
  chart: string
  version: string
  component: string
}

export interface StackRecord {
  components: string[]
  charts: RecordedChart[]
  /** SHA-256 of every generated file but prodstack.yaml, by path. */
  files: Map<string, string>
  /** The values.yaml files as generated, by path. */
  values: Map<string, string>
}

/** A relative path that stays inside the stack directory. */
export function insideStack(path: string): boolean {
  return path !== '' && !path.startsWith('/') && path.split('/').every((part) => part !== '..' && part !== '')
}

export function hashText(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex')
}

/** The values.yaml of every chart of the plan. */
export function valuesFilesOf(plan: Plan): string[] {
  return plan.layers.map((layer) => joinPath(layer.dir, 'values.yaml'))
}

/** The record files for a freshly generated stack (`files` as renderStack wrote them). */
export function renderRecord(plan: Plan, files: FileSet): FileSet {
  const valuesFiles = valuesFilesOf(plan)
  const hashes: Record<string, string> = {}
  for (const [path, contents] of files) if (path !== ANSWERS_FILE) hashes[path] = hashText(contents)
  const record = {
    format: RECORD_FORMAT,
    components: plan.components.map((component) => component.id),
    charts: plan.layers.flatMap((layer) =>
      layer.charts.map((chart) => ({
        dir: layer.dir,
        alias: chart.alias,
        chart: chart.chart,
        version: chart.version,
        component: chart.component,
      })),
    ),
    values: valuesFiles,
    files: hashes,
  }
  const header =
    '# What prodstack generated last in this stack, so that regenerating it keeps your hand edits\n' +
    '# (prodstack init --force, prodstack diff, prodstack adopt). Written by prodstack: do not edit.\n'
  const out: FileSet = new Map([[RECORD_FILE, header + stringify(record, {lineWidth: 0})]])
  for (const path of valuesFiles) {
    const text = files.get(path)
    if (text !== undefined) out.set(basePath(path), text)
  }
  return out
}

/**
 * Reads generated.yaml; `readBase` gives a base values.yaml by path. A string is why the record
 * cannot be used (then the stack is treated as one without a record).
 */
export function parseRecord(
  text: string,
  readBase: (path: string) => string | undefined,
): StackRecord | string {
  let raw: unknown
  try {
    raw = parse(text, {maxAliasCount: 0})
  } catch (error) {
    return `${RECORD_FILE} is not valid YAML (${((error as Error).message ?? '').split('\n')[0]})`
  }
  if (!isTree(raw)) return `${RECORD_FILE} is not a mapping`
  if (raw.format !== RECORD_FORMAT)
    return `${RECORD_FILE} has format ${JSON.stringify(raw.format)}; this prodstack reads format ${RECORD_FORMAT}`
  const strings = (value: unknown) =>
    Array.isArray(value) && value.every((item) => typeof item === 'string') ? (value as string[]) : undefined
  const components = strings(raw.components)
  const valuesFiles = strings(raw.values)
  const files = isTree(raw.files) ? Object.entries(raw.files) : undefined
  const charts = Array.isArray(raw.charts) ? raw.charts : undefined
  if (!components || !valuesFiles || !files || !charts) return `${RECORD_FILE} is incomplete`
  if (!files.every(([, hash]) => typeof hash === 'string')) return `${RECORD_FILE} has a file without a hash`
  const outside = [...files.map(([path]) => path), ...valuesFiles].find((path) => !insideStack(path))
  if (outside !== undefined)
    return `${RECORD_FILE} names a file outside the stack: ${JSON.stringify(outside)}`
  const recordedCharts: RecordedChart[] = []
  for (const chart of charts) {
    if (!isTree(chart)) return `${RECORD_FILE} has a chart that is not a mapping`
    const fields = ['dir', 'alias', 'chart', 'version', 'component'] as const
    if (!fields.every((field) => typeof chart[field] === 'string'))
      return `${RECORD_FILE} has a chart without ${fields.join(', ')}`
    recordedCharts.push(chart as unknown as RecordedChart)
  }
  const values = new Map<string, string>()
  for (const path of valuesFiles) {
    const base = readBase(basePath(path))
    if (base === undefined) return `${basePath(path)} is missing`
    values.set(path, base)
  }
  return {components, charts: recordedCharts, files: new Map(files as Array<[string, string]>), values}
}
