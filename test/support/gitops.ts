import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {parseAllDocuments} from 'yaml'
import type {AnswersInput} from '../../src/answers/schema.js'
import type {Plan} from '../../src/plan/types.js'
import {GITOPS_DIR, renderGitops} from '../../src/render/gitops.js'
import type {KubeObject} from './control-plane.js'
import {type HelmBinary, runHelm, writeFileSet} from './helm.js'

export const GITOPS_REPO = 'https://git.example.com/platform/fleet.git'

export function withGitops(input: AnswersInput, engine: 'argocd' | 'flux'): AnswersInput {
  return {...input, gitops: engine, gitRepo: GITOPS_REPO}
}

export function parseObjects(text: string): KubeObject[] {
  return parseAllDocuments(text)
    .map((document) => document.toJS() as KubeObject | null)
    .filter((object): object is KubeObject => Boolean(object))
}

/**
 * Every object the engine's files hold, as the engine would see them: Argo CD's apps chart rendered
 * by helm template (with `--set` values such as a fleet cluster's), the other files parsed as written.
 */
export function gitopsObjects(
  helm: HelmBinary,
  plan: Plan,
  engine: 'argocd' | 'flux',
  appsValues: string[] = [],
): KubeObject[] {
  const files = renderGitops(plan)
  const objects: KubeObject[] = []
  const apps = `${GITOPS_DIR.argocd}/apps/`
  for (const [path, text] of files)
    if (!path.startsWith(apps) && path.endsWith('.yaml')) objects.push(...parseObjects(text))
  if (engine === 'argocd') {
    const dir = mkdtempSync(join(tmpdir(), 'prodstack-argocd-apps-'))
    try {
      writeFileSet(dir, files)
      const rendered = runHelm(helm, [
        'template',
        'apps',
        join(dir, apps),
        '--namespace',
        'argocd',
        ...appsValues.flatMap((value) => ['--set', value]),
      ])
      objects.push(...parseObjects(rendered))
    } finally {
      rmSync(dir, {recursive: true, force: true})
    }
  }
  return objects
}
