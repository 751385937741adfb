import {UserError} from '../errors.js'
import {GIT_PATH_PATTERN} from './base.js'
import {completeAnswers} from './complete.js'
import type {Answers, GitopsEngine} from './schema.js'

export const DEFAULT_GIT_REVISION = 'main'

export const GITOPS_ENGINE_TITLES: Record<Exclude<GitopsEngine, 'none'>, string> = {
  argocd: 'Argo CD',
  flux: 'Flux',
}

/** Where the GitOps engine clones the stack from. */
export interface GitSource {
  engine: Exclude<GitopsEngine, 'none'>
  repo: string
  revision: string
  /** The stack's directory in the repository (`.` for its root). */
  path: string
}

/** The engine and repository the answers name; undefined without an engine (or its repository). */
export function gitSourceOf(answers: Answers): GitSource | undefined {
  const {gitops, gitRepo, gitRevision, gitPath} = answers
  if (!gitops || gitops === 'none' || !gitRepo) return undefined
  return {
    engine: gitops,
    repo: gitRepo,
    revision: gitRevision ?? DEFAULT_GIT_REVISION,
    path: gitPath ?? answers.name,
  }
}

/**
 * With a GitOps engine, the revision defaults to main and the stack's path in the repository to
 * the name of the directory it is written to, and both are recorded in prodstack.yaml so a
 * regeneration elsewhere points at the same place. Without one, the answers are returned as given.
 */
export function completeGitops(answers: Answers, directoryName: string): Answers {
  if ((answers.gitops ?? 'none') === 'none') return answers
  if (answers.gitRevision !== undefined && answers.gitPath !== undefined) return answers
  if (answers.gitPath === undefined && !new RegExp(GIT_PATH_PATTERN).test(directoryName)) {
    throw new UserError('INVALID_ANSWERS', 'The stack has no path in the Git repository', [
      {
        source: '--git-path',
        message: `the directory name "${directoryName}" cannot be the stack's path in the repository`,
        hint: 'pass --git-path PATH, the directory the stack is committed to (for example clusters/prod)',
      },
    ])
  }
  // completeAnswers keeps every given answer and writes the keys in questionnaire order.
  return completeAnswers({
    ...answers,
    gitRevision: answers.gitRevision ?? DEFAULT_GIT_REVISION,
    gitPath: answers.gitPath ?? directoryName,
  })
}
