import {GITOPS_ENGINE_TITLES} from '../answers/gitops.js'
import type {Answers} from '../answers/schema.js'
import type {Problem} from '../errors.js'

/** The answers that say where a GitOps engine finds the stack; they mean nothing without one. */
const GIT_ANSWERS = [
  ['gitRepo', '--git-repo'],
  ['gitRevision', '--git-revision'],
  ['gitPath', '--git-path'],
] as const

/** A GitOps engine needs the repository it syncs from; the repository answers need an engine. */
export function gitopsProblems(answers: Answers): Problem[] {
  const engine = answers.gitops ?? 'none'
  if (engine !== 'none') {
    return answers.gitRepo
      ? []
      : [
          {
            source: '--git-repo',
            message: `--gitops ${engine} needs the Git repository ${GITOPS_ENGINE_TITLES[engine]} syncs the stack from`,
            hint: 'pass --git-repo https://HOST/ORG/REPO.git (or ssh://git@HOST/ORG/REPO.git)',
          },
        ]
  }
  return GIT_ANSWERS.filter(([key]) => answers[key] !== undefined).map(([, flag]) => ({
    source: flag,
    message: `${flag} says where a GitOps engine finds the stack, but --gitops is none`,
    hint: `pass --gitops argocd or --gitops flux, or leave ${flag} out`,
  }))
}
