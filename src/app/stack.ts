import {basename} from 'node:path'
import {answersOfEarlierStack, completeAnswers, missingAnswers} from '../answers/complete.js'
import {
  ANSWERS_API_VERSION,
  type Answers,
  type AnswersInput,
  flagsFor,
  type QuestionKey,
  questionKeys,
  questionMeta,
} from '../answers/schema.js'
import {mergeValues, parseSet, type ValuesTree} from '../answers/set-values.js'
import {type Problem, UserError} from '../errors.js'
import {readAnswersFile} from '../io/answers-file.js'
import {loadLocalChart, loadTemplates} from '../io/resources.js'
import {ANSWERS_FILE} from '../merge/record.js'
import type {Plan} from '../plan/types.js'
import type {FileSet} from '../render/file-set.js'
import {renderStack} from '../render/render-stack.js'
import {fileSource, flagSource, validateAnswersInput} from '../schema/validate-answers.js'

export interface AnswerSources {
  /** Answers given as flags (only the flags the user passed). */
  flags: AnswersInput
  /** Problems found while reading the flags themselves (e.g. a malformed --alert-receiver). */
  flagProblems: Problem[]
  answersFile?: string
  /** `-f/--values FILE`: values files (top-level keys are dependency aliases), in order. */
  valuesFiles?: string[]
  /** `--set alias.path=value`, as Helm takes it, in order; they win over the values files. */
  set?: string[]
  preset?: string
  /** Take the preset's defaults for every question not answered. */
  yes: boolean
  /** Answers implied by the environment (Helm's namespace); weaker than the file and flags. */
  environment?: AnswersInput
}

/**
 * Merges the answers file and the flags (flags win), validates both against the answers schema,
 * and completes the rest from the preset. Every problem is reported at once. Without --yes or an
 * answers file, an unanswered question is an error that lists the flags to pass: this is the path
 * of runs without a terminal, and it never waits for input.
 */
export function gatherAnswers(sources: AnswerSources): Answers {
  const merged = mergeAnswerSources(sources)
  if (!sources.answersFile && !sources.yes) {
    const missing = missingAnswers(merged)
    if (missing.length > 0) {
      throw new UserError(
        'MISSING_ANSWERS',
        'Some questions have no answer and there is no terminal to ask them in',
        [
          {
            source: 'answers',
            message: `unanswered: ${missing.join(', ')}`,
            hint: `pass --yes to take the ${merged.preset ?? 'standard'} preset's defaults, --answers FILE, or ${flagsFor(missing).join(' ')}`,
          },
        ],
      )
    }
  }
  return completeAnswers(merged)
}

/**
 * Asks the questions the flags, answers file and environment leave open. Gets the answers so far
 * and returns them with the asked ones added.
 */
export type AskQuestions = (given: AnswersInput) => Promise<AnswersInput>

/**
 * Like gatherAnswers, for a person at a terminal: the sources are validated and merged as there,
 * then `ask` fills the unanswered questions (it is not called when none are open), and the result
 * is validated against the answers schema and completed like any other answers.
 */
export async function gatherAnswersInteractively(
  sources: AnswerSources,
  ask: AskQuestions,
): Promise<Answers> {
  const merged = mergeAnswerSources(sources)
  if (missingAnswers(merged).length === 0) return completeAnswers(merged)
  const answered = {...(await ask(merged)), apiVersion: ANSWERS_API_VERSION}
  const problems = validateAnswersInput(answered, (path) => {
    const key = path[0]
    return key && (questionKeys() as string[]).includes(key)
      ? `question "${questionMeta(key as QuestionKey).question}"`
      : `answers: ${path.join('.')}`
  })
  if (problems.length > 0) throw new UserError('INVALID_ANSWERS', 'The answers are not valid', problems)
  return completeAnswers(answered)
}

/** Validates every source (all problems at once) and merges them: flags > answers file > environment. */
export function mergeAnswerSources(sources: AnswerSources): AnswersInput {
  const problems: Problem[] = [...sources.flagProblems]
  let fromFile: AnswersInput = {}
  if (sources.answersFile) {
    const raw = readAnswersFile(sources.answersFile)
    const fileProblems = validateAnswersInput(raw, fileSource(sources.answersFile))
    problems.push(...fileProblems)
    // A stack's own prodstack.yaml (regenerating it) keeps the answers it was generated with.
    if (fileProblems.length === 0)
      fromFile =
        basename(sources.answersFile) === ANSWERS_FILE
          ? answersOfEarlierStack(raw as AnswersInput)
          : (raw as AnswersInput)
  }
  const flagged = {
    apiVersion: ANSWERS_API_VERSION,
    ...sources.flags,
    ...(sources.preset ? {preset: sources.preset} : {}),
  }
  problems.push(...validateAnswersInput(flagged, flagSource))
  const values = valuesFromFlags(sources, problems)
  const environment = sources.environment ?? {}
  problems.push(
    ...validateAnswersInput({apiVersion: ANSWERS_API_VERSION, ...environment}, (path) =>
      path[0] === 'namespace' ? 'HELM_NAMESPACE' : `environment: ${path.join('.')}`,
    ),
  )
  if (problems.length > 0) throw new UserError('INVALID_ANSWERS', 'The answers are not valid', problems)
  const merged: AnswersInput = {...environment, ...fromFile, ...(flagged as AnswersInput)}
  if (!values) return merged
  return {
    ...merged,
    values: mergeValues((fromFile.values ?? {}) as ValuesTree, values) as AnswersInput['values'],
  }
}

/**
 * The values of -f/--values files and --set flags, merged in order over nothing (the answers
 * file's own `values:` is the base they go over). Each source is validated on its own, so a problem
 * names the file or the flag; undefined when neither flag was given.
 */
function valuesFromFlags(sources: AnswerSources, problems: Problem[]): ValuesTree | undefined {
  const files = sources.valuesFiles ?? []
  const sets = sources.set ?? []
  if (files.length === 0 && sets.length === 0) return undefined
  let values: ValuesTree = {}
  const add = (tree: unknown, source: (path: string[]) => string) => {
    const found = validateAnswersInput({apiVersion: ANSWERS_API_VERSION, values: tree}, source)
    problems.push(...found)
    if (found.length === 0) values = mergeValues(values, tree as ValuesTree)
  }
  for (const file of files)
    add(readAnswersFile(file, 'values file'), (path) => `${file}: ${path.slice(1).join('.')}`)
  for (const text of sets) {
    const tree = parseSet(text)
    if (typeof tree === 'string') {
      problems.push({
        source: `--set ${text}`,
        message: tree,
        hint: 'write --set alias.path=value, e.g. --set grafana.replicas=2 (the alias is a chart of the stack)',
      })
      continue
    }
    add(tree, (path) => `--set ${text}: ${path.slice(1).join('.')}`)
  }
  return values
}

export function renderStackFiles(plan: Plan, generatorVersion: string): FileSet {
  const localNames = plan.layers.flatMap((layer) =>
    layer.charts.filter((chart) => chart.repository.startsWith('file://')).map((chart) => chart.chart),
  )
  return renderStack(plan, {
    templates: loadTemplates(),
    localCharts: new Map(localNames.map((name) => [name, loadLocalChart(name)])),
    generatorVersion,
  })
}
