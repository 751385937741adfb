import {existsSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {parse} from 'yaml'
import type {Problem} from '../errors.js'
import {helmVersion, lintMessages, runHelm} from '../io/helm.js'
import type {Plan, PlanWarning} from '../plan/types.js'
import {joinPath} from '../render/file-set.js'
import {type StackEdits, stackEdits} from './local-edits.js'
import {readWrittenStack} from './pipeline.js'
import {renderStackFiles} from './stack.js'

export interface StackReport {
  dir: string
  /** Things that are wrong: the stack would not install as prodstack.yaml describes. */
  problems: Problem[]
  /** Lifecycle and plan warnings for the components in the stack. */
  warnings: PlanWarning[]
  /** Files that differ from what prodstack.yaml generates today (hand edits, or an older prodstack). */
  drift: string[]
  /** Hand edits against the stack's record (warnings: regenerating keeps them). */
  localEdits: StackEdits['localEdits']
  /** Whether the stack has a record of what prodstack generated; without one, hand edits cannot be told. */
  recorded: boolean
  /** `helm lint` per chart, when Helm is available: its errors and warnings, as Helm wrote them. */
  lint: LintResult[]
  /** `helm version --short` of the Helm that linted, or null when none was available. */
  helm: string | null
}

export interface LintResult {
  chart: string
  ok: boolean
  errors: string[]
  warnings: string[]
}

/** The report of a stack that could not be checked at all, e.g. a directory without prodstack.yaml. */
export function emptyReport(dir: string, problems: Problem[] = []): StackReport {
  return {dir, problems, warnings: [], drift: [], localEdits: [], recorded: false, lint: [], helm: null}
}

/**
 * Checks a stack directory: its answers, each chart's values against its schema, pinned versions
 * against the catalog, and `helm lint` when Helm is present. Collects everything; throws nothing
 * for problems found in the stack itself.
 */
export async function validateStack(
  dir: string,
  helmBin: string,
  generatorVersion: string,
): Promise<StackReport> {
  const report = emptyReport(dir)
  const stack = readWrittenStack(dir)
  if (stack.problems) {
    report.problems.push(...stack.problems)
    return report
  }
  const {plan} = stack
  report.warnings = plan.warnings

  const {Ajv} = await import('ajv')
  const ajv = new Ajv({allErrors: true, strict: false})
  for (const layer of plan.layers) {
    const chartDir = join(dir, layer.dir)
    const at = (file: string) => joinPath(layer.dir, file)
    const chartFile = join(chartDir, 'Chart.yaml')
    if (!existsSync(chartFile)) {
      report.problems.push({
        source: at('Chart.yaml'),
        message: 'is missing',
        hint: 'regenerate the stack with prodstack init --answers ... --force',
      })
      continue
    }
    report.problems.push(
      ...checkDependencies(at('Chart.yaml'), readFileSync(chartFile, 'utf8'), layer.charts),
    )
    report.problems.push(...checkValues(ajv, chartDir, at))
  }

  const edits = stackEdits(dir)
  report.localEdits = edits.localEdits
  report.recorded = edits.recorded

  const expected = renderStackFiles(plan, generatorVersion)
  for (const [path, contents] of expected) {
    const file = join(dir, path)
    if (!existsSync(file)) report.drift.push(`${path}: missing`)
    else if (readFileSync(file, 'utf8') !== contents)
      report.drift.push(`${path}: differs from what prodstack.yaml generates`)
  }

  const version = await helmVersion(helmBin)
  if (version) {
    report.helm = version
    for (const layer of plan.layers) {
      const result = await runHelm(helmBin, ['lint', join(dir, layer.dir)])
      const {errors, warnings} = lintMessages(result)
      report.lint.push({chart: layer.dir, ok: result.ok, errors, warnings})
      if (!result.ok)
        report.problems.push({
          source: layer.dir,
          message: `helm lint failed: ${errors.join('; ')}`,
          hint: `run helm lint ${join(dir, layer.dir)} for the details`,
        })
    }
  }
  return report
}

/** The fix for a generated file that was broken or changed by hand. */
const REGENERATE = 'regenerate the stack: in its directory, prodstack init --answers prodstack.yaml --force .'

function firstLine(error: unknown): string {
  return ((error as Error)?.message ?? String(error)).split('\n')[0]!.trim()
}

function checkDependencies(
  source: string,
  text: string,
  planned: Plan['layers'][number]['charts'],
): Problem[] {
  const problems: Problem[] = []
  let chart: {dependencies?: Array<{name: string; version: string; repository: string; alias?: string}>}
  try {
    chart = parse(text) ?? {}
  } catch (error) {
    return [{source, message: `is not valid YAML: ${firstLine(error)}`, hint: REGENERATE}]
  }
  // A hand-edited file can hold anything: only well-formed entries count.
  const dependencies = (Array.isArray(chart?.dependencies) ? chart.dependencies : []).filter(
    (dependency) => typeof dependency === 'object' && dependency !== null,
  )
  for (const expected of planned) {
    const found = dependencies.find((dependency) => (dependency.alias ?? dependency.name) === expected.alias)
    if (!found) {
      problems.push({source, message: `has no dependency ${expected.alias}`, hint: 'regenerate the stack'})
      continue
    }
    if (found.version !== expected.version) {
      problems.push({
        source,
        message: `pins ${expected.alias} at ${found.version}, but this prodstack pins ${expected.version}`,
        hint: `regenerate the stack to use ${expected.version}, the version prodstack tests with the others (a chart version is not a value: prodstack.yaml values cannot change it)`,
      })
    }
    if (found.repository !== expected.repository) {
      problems.push({
        source,
        message: `takes ${expected.alias} from ${found.repository}, not ${expected.repository}`,
        hint: REGENERATE,
      })
    }
  }
  return problems
}

function checkValues(ajv: import('ajv').Ajv, chartDir: string, at: (file: string) => string): Problem[] {
  const valuesFile = join(chartDir, 'values.yaml')
  const schemaFile = join(chartDir, 'values.schema.json')
  if (!existsSync(valuesFile) || !existsSync(schemaFile)) {
    return [
      {
        source: at(existsSync(valuesFile) ? 'values.schema.json' : 'values.yaml'),
        message: 'is missing',
        hint: REGENERATE,
      },
    ]
  }
  let values: unknown
  let schema: Record<string, unknown>
  try {
    values = parse(readFileSync(valuesFile, 'utf8'))
  } catch (error) {
    return [{source: at('values.yaml'), message: `is not valid YAML: ${firstLine(error)}`, hint: REGENERATE}]
  }
  try {
    schema = JSON.parse(readFileSync(schemaFile, 'utf8'))
  } catch (error) {
    return [
      {source: at('values.schema.json'), message: `is not valid JSON: ${firstLine(error)}`, hint: REGENERATE},
    ]
  }
  let validate: import('ajv').ValidateFunction
  try {
    const {$schema: _draft, ...body} = schema
    validate = ajv.compile(body)
  } catch (error) {
    return [
      {
        source: at('values.schema.json'),
        message: `is not a valid JSON schema: ${firstLine(error)}`,
        hint: REGENERATE,
      },
    ]
  }
  if (validate(values)) return []
  return (validate.errors ?? []).map((error) => ({
    source: `${at('values.yaml')}: ${error.instancePath.slice(1).replaceAll('/', '.') || '(root)'}`,
    message: error.message ?? 'is invalid',
    hint: 'fix the value, or move it into prodstack.yaml values and regenerate',
  }))
}
