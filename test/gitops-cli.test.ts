import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {parse} from 'yaml'
import {renderGitops} from '../src/render/gitops.js'
import {requireBuild, runCli} from './support/cli.js'
import {GITOPS_REPO, parseObjects} from './support/gitops.js'
import {planFor, problemsOf} from './support/plans.js'

/** init --gitops: the answers it records, and the input it refuses with nothing written. */

requireBuild()
const dir = mkdtempSync(join(tmpdir(), 'prodstack-gitops-cli-'))
afterAll(() => rmSync(dir, {recursive: true, force: true}))

const init = (...args: string[]) =>
  runCli(dir, ['init', '--yes', '--no-dependency-update', '--preset', 'minimal', ...args])

describe('init --gitops', () => {
  it('records the repository, main as the revision and the directory as the path', () => {
    const result = init('--gitops', 'flux', '--git-repo', GITOPS_REPO, 'edge')
    expect(result.stderr).toBe('')
    expect(result.status).toBe(0)
    expect(result.stdout).toContain(`GitOps: Flux syncs edge from ${GITOPS_REPO} at main (gitops/flux/;`)
    const answers = parse(readFileSync(join(dir, 'edge/prodstack.yaml'), 'utf8'))
    expect(answers).toMatchObject({
      gitops: 'flux',
      gitRepo: GITOPS_REPO,
      gitRevision: 'main',
      gitPath: 'edge',
    })
    const release = parseObjects(
      readFileSync(join(dir, 'edge/gitops/flux/stack/20-network.yaml'), 'utf8'),
    )[0]!
    expect(release.spec.chart.spec.chart).toBe('./edge/20-network')
    // Regenerating from the answers file elsewhere keeps the recorded path.
    const again = runCli(dir, ['init', '--answers', 'edge/prodstack.yaml', '--no-dependency-update', 'copy'])
    expect(again.status).toBe(0)
    expect(readFileSync(join(dir, 'copy/gitops/flux/stack/20-network.yaml'), 'utf8')).toBe(
      readFileSync(join(dir, 'edge/gitops/flux/stack/20-network.yaml'), 'utf8'),
    )
  })

  it('takes --git-path and --git-revision, and writes Argo CD objects pointing at them', () => {
    const result = init(
      '--gitops',
      'argocd',
      '--git-repo',
      'ssh://git@git.example.com/platform/fleet.git',
      '--git-path',
      'clusters/prod',
      '--git-revision',
      'release-1',
      'prod',
    )
    expect(result.status).toBe(0)
    const root = parseObjects(readFileSync(join(dir, 'prod/gitops/argocd/root.yaml'), 'utf8'))[0]!
    expect(root.spec.source).toEqual({
      repoURL: 'ssh://git@git.example.com/platform/fleet.git',
      targetRevision: 'release-1',
      path: 'clusters/prod/gitops/argocd/apps',
    })
    expect(existsSync(join(dir, 'prod/gitops/flux'))).toBe(false)
  })

  it('without --git-repo: a clear error, nothing written', () => {
    const result = init('--gitops', 'argocd', 'no-repo')
    expect(result.status).toBe(1)
    expect(result.stderr).toContain('--gitops argocd needs the Git repository Argo CD syncs the stack from')
    expect(result.stderr).toContain('pass --git-repo https://')
    expect(existsSync(join(dir, 'no-repo'))).toBe(false)
  })

  it.each([
    ['git@github.com:example/platform.git'],
    ['github.com/example/platform'],
    ['https://user:secret@git.example.com/platform.git'],
    ['ftp://git.example.com/platform.git'],
  ])('refuses %s as a repository', (repo) => {
    const result = init('--gitops', 'flux', '--git-repo', repo, 'bad-repo')
    expect(result.status).toBe(1)
    expect(result.stderr).toContain('--git-repo')
    expect(result.stderr).toContain('an https://, http:// or ssh:// URL without a password')
    expect(existsSync(join(dir, 'bad-repo'))).toBe(false)
  })

  it.each([['../outside'], ['/absolute'], ['a/../b']])('refuses %s as the path', (path) => {
    const result = init('--gitops', 'flux', '--git-repo', GITOPS_REPO, '--git-path', path, 'bad-path')
    expect(result.status).toBe(1)
    expect(result.stderr).toContain('--git-path')
    expect(existsSync(join(dir, 'bad-path'))).toBe(false)
  })

  it('refuses the repository answers without an engine', () => {
    expect(problemsOf({preset: 'minimal', gitRepo: GITOPS_REPO, gitPath: 'x'})).toEqual([
      {
        source: '--git-repo',
        message: '--git-repo says where a GitOps engine finds the stack, but --gitops is none',
        hint: 'pass --gitops argocd or --gitops flux, or leave --git-repo out',
      },
      {
        source: '--git-path',
        message: '--git-path says where a GitOps engine finds the stack, but --gitops is none',
        hint: 'pass --gitops argocd or --gitops flux, or leave --git-path out',
      },
    ])
  })

  it('a directory name that is no repository path asks for --git-path', () => {
    const result = init('--gitops', 'flux', '--git-repo', GITOPS_REPO, '--name', 'spaced', 'my stack')
    expect(result.status).toBe(1)
    expect(result.stderr).toContain(
      'the directory name "my stack" cannot be the stack\'s path in the repository',
    )
    expect(result.stderr).toContain('pass --git-path PATH')
    expect(existsSync(join(dir, 'my stack'))).toBe(false)
  })

  it.each([
    ['main', {branch: 'main'}],
    ['refs/tags/v1.2.0', {name: 'refs/tags/v1.2.0'}],
    ['0123456789abcdef0123456789abcdef01234567', {commit: '0123456789abcdef0123456789abcdef01234567'}],
  ])("gives Flux's GitRepository the revision %s as %j", (revision, ref) => {
    const plan = planFor({preset: 'minimal', gitops: 'flux', gitRepo: GITOPS_REPO, gitRevision: revision})
    const [repository] = parseObjects(renderGitops(plan).get('gitops/flux/cluster.yaml')!)
    expect(repository!.spec.ref).toEqual(ref)
  })
})
