import {execFileSync} from 'node:child_process'
import {existsSync, readdirSync} from 'node:fs'
import {join} from 'node:path'
import {Ajv} from 'ajv'
import {Ajv2019} from 'ajv/dist/2019.js'
import {Ajv2020} from 'ajv/dist/2020.js'
import {parse} from 'yaml'
import {SHARED_CHARTS_DIR} from './charts.js'
import {withoutRemoteRefs} from './helm.js'
import {upstreamChartYaml, upstreamSchema, upstreamValues, upstreamValuesText} from './shared.js'

type Tree = Record<string, unknown>
const isMap = (value: unknown): value is Tree =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** Istio charts keep their defaults under this key but read the same keys at the top level. */
const ISTIO_DEFAULTS = '_internal_defaults_do_not_set'

export type PathVerdict = 'values' | 'free-form' | 'schema' | 'commented' | 'template' | 'unknown'

/**
 * Is `path` something the upstream chart knows? In order: present in values.yaml; below a key whose
 * default is an empty map or null (a free-form map such as podAnnotations); declared by the schema;
 * documented as a commented-out key inside its parent's block in values.yaml; present in a
 * subchart's own values.yaml (packaged chart); read as `.Values.<path>` by the packaged chart's
 * templates or files, or below a map they copy whole into an object.
 */
export function classifyPath(dir: string, path: string[]): PathVerdict {
  const values = upstreamValues(dir)
  const roots = isMap(values[ISTIO_DEFAULTS]) ? [values, values[ISTIO_DEFAULTS] as Tree] : [values]
  for (const root of roots) {
    const verdict = walkValues(root, path)
    if (verdict) return verdict
  }
  const schema = upstreamSchema(dir)
  if (schema && schemaDeclares(schema, schema, path)) return 'schema'
  if (commentedInParent(upstreamValuesText(dir), path)) return 'commented'
  const subchart = path.length > 1 ? subchartValues(dir, path[0]!) : undefined
  if (subchart && walkValues(subchart, path.slice(1))) return 'values'
  // Read by the chart's templates or files without a default in values.yaml (Cilium's nodeinit
  // script reads nodeinit.reconfigureKubelet): the literal reference must be there.
  const text = chartSources(dir)
  const dotted = path.join('.')
  if (text.includes(`.Values.${dotted} `) || text.includes(`.Values.${dotted}}`)) return 'template'
  // Istio's profile merge reads top-level keys as `($.Values).profile`.
  if (path.length === 1 && text.includes(`($.Values).${dotted} `)) return 'template'
  // A map copied whole into an object's spec (`omit .Values.defaultFelixConfiguration "enabled"`): its
  // keys are the object's fields, which the catalog's own tests check against the object's CRD.
  if (path.length > 1 && text.includes(`omit .Values.${path.slice(0, -1).join('.')} `)) return 'template'
  return 'unknown'
}

const sources = new Map<string, string>()

/** The text of the packaged chart's templates/ and files/, with `{{-` trimming spaces normalised. */
function chartSources(dir: string): string {
  let text = sources.get(dir)
  if (text === undefined) {
    const file = packagedChartFile(dir)
    // Listed first: tar fails on a pattern nothing matches, and not every chart has files/.
    const entries = file
      ? execFileSync('tar', ['-tzf', file], {encoding: 'utf8', maxBuffer: 16 * 1024 * 1024})
          .split('\n')
          .filter((entry) => /^[^/]+\/(templates|files)\/.*[^/]$/.test(entry))
      : []
    text =
      file && entries.length > 0
        ? execFileSync('tar', ['-xzOf', file, ...entries], {
            encoding: 'utf8',
            maxBuffer: 64 * 1024 * 1024,
          }).replace(/\s*-?}}/g, ' }}')
        : ''
    sources.set(dir, text)
  }
  return text
}

/** The packaged chart in ../shared/charts for an upstream directory, when exactly one matches. */
function packagedChartFile(dir: string): string | undefined {
  const name = String(upstreamChartYaml(dir).name)
  const packaged = existsSync(SHARED_CHARTS_DIR)
    ? readdirSync(SHARED_CHARTS_DIR).filter((file) =>
        new RegExp(`^${name.replace(/[.]/g, '\\.')}-v?[0-9][^-]*\\.tgz$`).test(file),
      )
    : []
  return packaged.length === 1 ? join(SHARED_CHARTS_DIR, packaged[0]!) : undefined
}

const subcharts = new Map<string, Tree | undefined>()

/**
 * A subchart's own values.yaml (`kube-state-metrics` inside prometheus), read from the packaged
 * chart in ../shared/charts: ../shared/upstream holds only the parent's values.
 */
function subchartValues(dir: string, key: string): Tree | undefined {
  const cacheKey = `${dir}/${key}`
  if (subcharts.has(cacheKey)) return subcharts.get(cacheKey)
  let values: Tree | undefined
  const chart = upstreamChartYaml(dir)
  const dependency = (chart.dependencies as Array<{name: string; alias?: string}> | undefined)?.find(
    (candidate) => (candidate.alias ?? candidate.name) === key,
  )
  const file = packagedChartFile(dir)
  if (dependency && file) {
    const text = execFileSync('tar', ['-xzOf', file, `${chart.name}/charts/${dependency.name}/values.yaml`], {
      encoding: 'utf8',
      maxBuffer: 16 * 1024 * 1024,
    })
    const parsed = parse(text)
    values = isMap(parsed) ? parsed : undefined
  }
  subcharts.set(cacheKey, values)
  return values
}

function walkValues(root: Tree, path: string[]): PathVerdict | undefined {
  let node: unknown = root
  for (const key of path) {
    if (isMap(node) && key in node) {
      node = node[key]
      continue
    }
    if (node === null || (isMap(node) && Object.keys(node).length === 0)) return 'free-form'
    return undefined
  }
  return 'values'
}

function resolveRef(root: Tree, schema: Tree): Tree {
  let current = schema
  for (let guard = 0; typeof current.$ref === 'string' && guard < 20; guard++) {
    const ref = current.$ref as string
    if (!ref.startsWith('#/')) return current
    let target: unknown = root
    for (const part of ref.slice(2).split('/'))
      target = isMap(target) ? target[part.replace(/~1/g, '/')] : undefined
    if (!isMap(target)) return current
    current = target
  }
  return current
}

function schemaDeclares(root: Tree, schema: Tree, path: string[]): boolean {
  if (path.length === 0) return true
  const node = resolveRef(root, schema)
  const [key, ...rest] = path as [string, ...string[]]
  const candidates: Tree[] = []
  if (isMap(node.properties) && isMap(node.properties[key])) candidates.push(node.properties[key] as Tree)
  if (isMap(node.patternProperties)) {
    for (const [pattern, sub] of Object.entries(node.patternProperties)) {
      if (new RegExp(pattern, 'u').test(key) && isMap(sub)) candidates.push(sub)
    }
  }
  // A typed map (additionalProperties is a schema) declares its entries.
  if (isMap(node.additionalProperties)) candidates.push(node.additionalProperties)
  for (const combinator of ['allOf', 'anyOf', 'oneOf'] as const) {
    const list = node[combinator]
    if (Array.isArray(list)) {
      for (const sub of list) if (isMap(sub) && schemaDeclares(root, sub, path)) return true
    }
  }
  return candidates.some((sub) => {
    const resolved = resolveRef(root, sub)
    if (rest.length === 0) return true
    // An object with no declared properties is free-form below this point.
    const declaresNothing =
      resolved.type === 'object' && !resolved.properties && !resolved.patternProperties && !resolved.$ref
    return declaresNothing || schemaDeclares(root, resolved, rest)
  })
}

/** Finds `parent:` blocks by indentation and looks for `# key:` inside the innermost one. */
function commentedInParent(text: string, path: string[]): boolean {
  const lines = text.split('\n')
  let start = 0
  let end = lines.length
  let indent = -1
  for (const key of path.slice(0, -1)) {
    let found = -1
    for (let i = start; i < end; i++) {
      const match = /^(\s*)([^\s#][^:]*):/.exec(lines[i]!)
      if (match && match[1]!.length > indent && match[2]!.replace(/["']/g, '') === key) {
        found = i
        indent = match[1]!.length
        break
      }
    }
    if (found < 0) return false
    start = found + 1
    let blockEnd = start
    while (blockEnd < end) {
      const line = lines[blockEnd]!
      const lineIndent = line.length - line.trimStart().length
      if (line.trim() !== '' && !line.trimStart().startsWith('#') && lineIndent <= indent) break
      blockEnd++
    }
    end = blockEnd
  }
  const leaf = path.at(-1)!
  const pattern = new RegExp(`^\\s*#\\s*${leaf.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:`)
  return lines.slice(start, end).some((line) => pattern.test(line))
}

const validators = new Map<string, (data: unknown) => string[]>()

/** Validates a subchart's coalesced values against its upstream values.schema.json, as Helm does. */
export function upstreamSchemaErrors(dir: string, section: Tree): string[] | undefined {
  const schema = upstreamSchema(dir)
  if (!schema) return undefined
  let validate = validators.get(dir)
  if (!validate) {
    const draft = String(schema.$schema ?? '')
    const options = {strict: false, allErrors: true, validateFormats: false}
    const ajv = draft.includes('2020-12')
      ? new Ajv2020(options)
      : draft.includes('2019-09')
        ? new Ajv2019(options)
        : new Ajv(options)
    const copy = withoutRemoteRefs(schema) as Record<string, unknown>
    delete copy.$schema
    delete copy.$id
    const compiled = ajv.compile(copy)
    validate = (data) =>
      compiled(data)
        ? []
        : (compiled.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message}`)
    validators.set(dir, validate)
  }
  return validate(section)
}

/** What Helm validates: the chart's defaults, coalesced with the parent's section and globals. */
export function coalesced(dir: string, section: Tree): Tree {
  const merge = (base: Tree, over: Tree): Tree => {
    const out: Tree = {...base}
    for (const [key, value] of Object.entries(over)) {
      out[key] = isMap(out[key]) && isMap(value) ? merge(out[key] as Tree, value) : value
    }
    return out
  }
  return merge(merge(upstreamValues(dir), section), {global: {}})
}
