import {join} from 'node:path'
import {completeAnswers} from '../answers/complete.js'
import type {AnswersInput} from '../answers/schema.js'
import {CATALOG} from '../catalog/index.js'
import {UserError} from '../errors.js'
import {readAnswersFile} from '../io/answers-file.js'
import {isFile} from '../io/chart-files.js'
import {resolvePlan} from '../plan/resolve.js'
import type {Plan} from '../plan/types.js'
import {fileSource, validateAnswersInput} from '../schema/validate-answers.js'

/**
 * The plan of a written stack, from its prodstack.yaml: the layers with their release names,
 * namespaces and pinned charts, as `init` planned them. Every problem is an INVALID_STACK error.
 */
export function loadStackPlan(dir: string): Plan {
  const answersFile = join(dir, 'prodstack.yaml')
  if (!isFile(answersFile)) {
    throw new UserError('INVALID_STACK', `${dir} is not a prodstack stack`, [
      {source: dir, message: 'has no prodstack.yaml', hint: 'pass the directory prodstack init wrote'},
    ])
  }
  const raw = readAnswersFile(answersFile)
  const problems = validateAnswersInput(raw, fileSource(answersFile))
  if (problems.length > 0) throw new UserError('INVALID_STACK', `${answersFile} is not valid`, problems)
  try {
    return resolvePlan(completeAnswers(raw as AnswersInput), CATALOG)
  } catch (error) {
    if (!(error instanceof UserError)) throw error
    throw new UserError(
      'INVALID_STACK',
      `${answersFile} does not describe a stack this prodstack can plan`,
      error.problems.map((problem) => ({...problem, source: `${answersFile}: ${problem.source}`})),
    )
  }
}
