import {basename, resolve} from 'node:path'
import {completeGitops} from '../answers/gitops.js'
import type {Answers, AnswersInput} from '../answers/schema.js'
import {UserError} from '../errors.js'
import {checkTarget, recoverInterrupted, type WriteResult, writeStack} from '../io/write-stack.js'
import type {Strategy} from '../merge/three-way.js'
import type {Plan} from '../plan/types.js'
import type {FileSet} from '../render/file-set.js'
import {type DependencyUpdate, updateDependencies} from './dependencies.js'
import {generateStack} from './pipeline.js'
import {type MergeReport, prepareStack} from './regenerate.js'
import {type AnswerSources, gatherAnswers, gatherAnswersInteractively} from './stack.js'

export interface InitRequest {
  sources: AnswerSources
  /** The directory argument; without one, the stack goes into ./<name>. */
  dir?: string
  force: boolean
  dryRun: boolean
  dependencyUpdate: boolean
  strategy?: Strategy
  generatorVersion: string
  helmBin: string
}

/** What a person at a terminal is asked. Without it, open questions are an error (MISSING_ANSWERS). */
export interface Questions {
  /**
   * Asks the questions the sources leave open. `checkName` is there when the name picks the
   * directory: it says why a name cannot be used, while it can still be changed.
   */
  ask(given: AnswersInput, checkName?: (name: string) => string | undefined): Promise<AnswersInput>
  /** Asked once the plan is shown; false writes nothing (INTERRUPTED). */
  confirm(question: string): Promise<boolean>
}

export interface InitProgress {
  /** The plan, before anything is written (and before the confirmation). */
  planned(stack: PreparedInit): void
  /** Progress of long steps (helm dependency update), one line each. */
  step(message: string): void
}

export interface PreparedInit {
  dir: string
  answers: Answers
  plan: Plan
  files: FileSet
  merge?: MergeReport
}

export interface InitResult extends PreparedInit {
  /** Undefined for a dry run. */
  written?: WriteResult
  dependencies: DependencyUpdate[]
}

/**
 * `prodstack init`: gather the answers → plan → render → verify → merge the hand edits of the stack
 * it replaces → write atomically → helm dependency update. The target is checked once, as soon as
 * it is known (before the questions at a terminal), only reading; nothing is written until every
 * step before the write has passed.
 */
export async function initStack(
  request: InitRequest,
  progress: InitProgress,
  questions?: Questions,
): Promise<InitResult> {
  const {dryRun, force} = request
  // A run killed outright (SIGKILL, power loss) may have left a temporary copy, or the previous
  // stack moved aside: put that right first, as its own step, so the check sees the real state.
  const check = (dir: string) => {
    if (dryRun) return undefined
    recoverInterrupted(dir)
    return checkTarget(dir, force)
  }
  // At a terminal, before the questions: a person should not answer them for a directory that cannot be written.
  let target = request.dir && questions ? check(request.dir) : undefined

  const gathered = questions
    ? await gatherAnswersInteractively(request.sources, (given) =>
        // Without a directory argument the name picks it: check it while it can be changed.
        questions.ask(given, request.dir || dryRun ? undefined : (name) => targetProblem(name, force)),
      )
    : gatherAnswers(request.sources)
  const dir = request.dir ?? gathered.name
  const answers = completeGitops(gathered, basename(resolve(dir)))
  target ??= check(dir)

  const {plan, files: generated} = await generateStack(answers, request.generatorVersion)
  // Replacing a stack (--force) keeps its hand edits: merged three ways, or MERGE_CONFLICT.
  const {files, merge} = prepareStack(dir, plan, generated, {
    force,
    ...(request.strategy ? {strategy: request.strategy} : {}),
  })
  const prepared: PreparedInit = {dir, answers, plan, files, ...(merge ? {merge} : {})}
  progress.planned(prepared)
  if (questions && !dryRun) {
    const confirmed = await questions.confirm(`Write ${files.size} files to ${dir}?`)
    // Declining is not a success: nothing was written, so a script sees a non-zero exit.
    if (!confirmed)
      throw new UserError('INTERRUPTED', 'Nothing was written: the plan was not confirmed', [], 1)
  }
  if (!target) return {...prepared, dependencies: []}

  const written = writeStack(target, files)
  const dependencies = request.dependencyUpdate
    ? await updateDependencies(plan, dir, request.helmBin, progress.step)
    : []
  return {...prepared, written, dependencies}
}

/** The target check as a message for the name question, or undefined when the directory can be used. */
function targetProblem(dir: string, force: boolean): string | undefined {
  try {
    checkTarget(dir, force)
    return undefined
  } catch (error) {
    if (!(error instanceof UserError)) throw error
    const problem = error.problems[0]
    return problem ? `${dir} ${problem.message}${problem.hint ? ` (${problem.hint})` : ''}` : error.message
  }
}
