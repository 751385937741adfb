import {join} from 'node:path'
import {answersOfEarlierStack, completeAnswers} from '../answers/complete.js'
import type {Answers, AnswersInput} from '../answers/schema.js'
import {CATALOG} from '../catalog/index.js'
import {type Problem, UserError} from '../errors.js'
import {readAnswersFile} from '../io/answers-file.js'
import {isFile} from '../io/chart-files.js'
import {ANSWERS_FILE} from '../merge/record.js'
import {resolvePlan} from '../plan/resolve.js'
import type {Plan} from '../plan/types.js'
import type {FileSet} from '../render/file-set.js'
import {fileSource, validateAnswersInput} from '../schema/validate-answers.js'
import {renderStackFiles} from './stack.js'
import {verifyStack} from './verify.js'

/**
 * The one pipeline every command that makes a stack goes through: answers → plan → render →
 * verify. What differs between init, diff, adopt and validate is where the answers come from and
 * what happens to the files, never how they are made.
 */
export interface GeneratedStack {
  plan: Plan
  files: FileSet
}

export function planStack(answers: Answers): Plan {
  return resolvePlan(answers, CATALOG)
}

/** Plans, renders and checks the generated values against their schemas (INVALID_STACK). */
export async function generateStack(answers: Answers, generatorVersion: string): Promise<GeneratedStack> {
  return renderPlan(planStack(answers), generatorVersion)
}

/** The render and verify half of generateStack, for a plan already made. */
export async function renderPlan(plan: Plan, generatorVersion: string): Promise<GeneratedStack> {
  const files = renderStackFiles(plan, generatorVersion)
  await verifyStack(plan, files)
  return {plan, files}
}

export type WrittenStack =
  | {answersFile: string; answers: Answers; plan: Plan; problems?: undefined}
  | {answersFile: string; problems: Problem[]; summary: string}

/**
 * A written stack's answers and plan, from its prodstack.yaml, or every problem that keeps it from
 * being planned (each naming the file). Throws only when the directory is not a stack at all.
 */
export function readWrittenStack(dir: string): WrittenStack {
  const answersFile = join(dir, ANSWERS_FILE)
  if (!isFile(answersFile)) {
    throw new UserError('INVALID_STACK', `${dir} is not a prodstack stack`, [
      {source: dir, message: `has no ${ANSWERS_FILE}`, hint: 'pass the directory prodstack init wrote'},
    ])
  }
  const raw = readAnswersFile(answersFile)
  const problems = validateAnswersInput(raw, fileSource(answersFile))
  if (problems.length > 0) return {answersFile, problems, summary: `${answersFile} is not valid`}
  const answers = completeAnswers(answersOfEarlierStack(raw as AnswersInput))
  try {
    return {answersFile, answers, plan: planStack(answers)}
  } catch (error) {
    if (!(error instanceof UserError)) throw error
    return {
      answersFile,
      summary: `${answersFile} does not describe a stack this prodstack can plan`,
      problems: error.problems.map((problem) => ({...problem, source: `${answersFile}: ${problem.source}`})),
    }
  }
}

/** Like readWrittenStack, for commands that cannot go on without a plan: problems are INVALID_STACK. */
export function loadWrittenStack(dir: string): {answersFile: string; answers: Answers; plan: Plan} {
  const stack = readWrittenStack(dir)
  if (stack.problems) {
    throw new UserError('INVALID_STACK', stack.summary, stack.problems)
  }
  return stack
}
