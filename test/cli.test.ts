import {spawnSync} from 'node:child_process'
import {existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {readFiles} from './support/cli.js'
import {REPO_ROOT} from './support/shared.js'

const BIN = join(REPO_ROOT, 'bin/run.js')
let work: string

beforeAll(() => {
  if (!existsSync(join(REPO_ROOT, 'dist/commands.js')))
    throw new Error('dist/ is missing: run `npm run build` first')
  work = mkdtempSync(join(tmpdir(), 'prodstack-cli-'))
})
afterAll(() => rmSync(work, {recursive: true, force: true}))

function prodstack(...args: string[]) {
  const started = Date.now()
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: work,
    encoding: 'utf8',
    input: '',
    env: {...process.env, NO_COLOR: '1', DEBUG: '', OCLIF_COLUMNS: '200', HELM_BIN: 'helm-not-installed'},
    timeout: 30_000,
  })
  return {...result, ms: Date.now() - started}
}

describe('prodstack init', () => {
  it('writes the standard stack with --yes', () => {
    const result = prodstack('init', '--yes', 'std')
    // Without Helm nothing goes to stderr, and stdout says once that Helm is missing, with what to run.
    expect(result.stderr).toBe('')
    expect(result.status).toBe(0)
    expect(result.stdout).toContain('Wrote ')
    expect(result.stdout).toContain(
      '\nHelm is not available (helm-not-installed is not on PATH), so helm dependency update did not run; run it later:\n' +
        '  helm dependency update std/10-crds-kube-prometheus-stack\n',
    )
    expect(result.stdout.match(/not available/g)).toHaveLength(1)
    const files = readFiles(join(work, 'std'))
    expect(files.get('prodstack.yaml')?.toString()).toContain('preset: standard')
    expect([...files.keys()]).toContain('README.md')
    expect([...files.keys()].some((file) => file.endsWith('Chart.yaml'))).toBe(true)
  })

  it('regenerates a byte-identical stack from its prodstack.yaml', () => {
    expect(prodstack('init', '--yes', '--preset', 'full', '--domain', 'example.com', 'first').status).toBe(0)
    const again = prodstack('init', '--answers', 'first/prodstack.yaml', 'second')
    expect(again.status).toBe(0)
    expect(readFiles(join(work, 'second'))).toEqual(readFiles(join(work, 'first')))
  })

  it('reports every bad flag at once, with did-you-mean hints, and writes nothing', () => {
    const result = prodstack('init', '--yes', '--cni', 'cilum', '--log-store', 'lokki', 'bad')
    expect(result.status).toBe(1)
    expect(result.stderr).toContain('--cni: "cilum" is not one of')
    expect(result.stderr).toContain('did you mean cilium?')
    expect(result.stderr).toContain('did you mean loki?')
    expect(result.stderr).not.toMatch(/\n\s+at /)
    expect(existsSync(join(work, 'bad'))).toBe(false)
  })

  it('fails at once without a terminal when questions are unanswered, listing the flags', () => {
    const result = prodstack('init', 'unanswered')
    expect(result.status).toBe(1)
    expect(result.ms).toBeLessThan(5000)
    expect(result.stderr).toContain('--yes')
    expect(result.stderr).toContain('--cni <calico|cilium|flannel|weave-net|none>')
    expect(existsSync(join(work, 'unanswered'))).toBe(false)
  })

  it('prints one JSON object for errors with --json', () => {
    const result = prodstack('init', '--yes', '--mesh', 'consul', '--json', 'json-error')
    expect(result.status).toBe(1)
    const output = JSON.parse(result.stdout)
    expect(output.status).toBe('error')
    expect(output.error.code).toBe('INVALID_ANSWERS')
    expect(output.error.problems[0].source).toBe('--mesh')
  })

  it('writes nothing on --dry-run and lists the files it would write', () => {
    const result = prodstack('init', '--yes', '--dry-run', '--json', 'dry')
    expect(result.status).toBe(0)
    const output = JSON.parse(result.stdout)
    expect(output.written).toBe(false)
    expect(output.files).toContain('prodstack.yaml')
    expect(existsSync(join(work, 'dry'))).toBe(false)
  })

  it('refuses to overwrite an existing stack without --force and replaces it with --force', () => {
    expect(prodstack('init', '--yes', 'twice').status).toBe(0)
    const refused = prodstack('init', '--yes', '--preset', 'minimal', 'twice')
    expect(refused.status).toBe(1)
    expect(refused.stderr).toContain('pass --force')
    expect(readFileSync(join(work, 'twice/prodstack.yaml'), 'utf8')).toContain('preset: standard')
    expect(prodstack('init', '--yes', '--preset', 'minimal', '--force', 'twice').status).toBe(0)
    expect(readFileSync(join(work, 'twice/prodstack.yaml'), 'utf8')).toContain('preset: minimal')
  })

  it('names the file and line of a malformed answers file', () => {
    const result = prodstack(
      'init',
      '--answers',
      join(REPO_ROOT, 'test/fixtures/malformed.yaml'),
      'malformed',
    )
    expect(result.status).toBe(1)
    expect(result.stderr).toMatch(/malformed\.yaml: is not valid YAML or JSON at line \d+/)
  })
})

describe('prodstack plan and catalog', () => {
  it('prints the plan as JSON', () => {
    const result = prodstack('plan', '--preset', 'full', '--json')
    expect(result.status).toBe(0)
    const {plan} = JSON.parse(result.stdout)
    expect(plan.answers.preset).toBe('full')
    expect(plan.layers.map((layer: {id: string}) => layer.id)).toContain('platform')
  })

  it('lists the catalog as JSON with lifecycle status', () => {
    const result = prodstack('catalog', '--json')
    expect(result.status).toBe(0)
    const {components} = JSON.parse(result.stdout)
    expect(components.length).toBeGreaterThanOrEqual(21)
    expect(
      components.find((component: {id: string}) => component.id === 'ingress-nginx').lifecycle.status,
    ).toBe('retired')
  })

  it('teaches in --help', () => {
    const result = prodstack('init', '--help')
    expect(result.status).toBe(0)
    expect(result.stdout).toContain('--cni')
    expect(result.stdout).toContain('One of: calico, cilium, flannel, weave-net, none')
    expect(result.stdout).toContain('EXAMPLES')
  })
})

describe('prodstack init without a usable Helm', () => {
  it.each([
    ['a name not on PATH', 'helm-not-installed', 'helm-not-installed is not on PATH'],
    ['a path that does not exist', '/nonexistent/helm', '/nonexistent/helm does not exist'],
    ['a file that is not executable', 'NOT_EXECUTABLE', 'NOT_EXECUTABLE is not executable'],
  ])('says why, once, for %s', (_, given, expected) => {
    const file = join(work, 'not-executable-helm')
    writeFileSync(file, '#!/bin/sh\n', {mode: 0o644})
    const bin = given.replace('NOT_EXECUTABLE', file)
    const reason = expected.replace('NOT_EXECUTABLE', file)
    const result = spawnSync(
      process.execPath,
      [BIN, 'init', '--yes', '--preset', 'minimal', `helm-${_.length}`],
      {
        cwd: work,
        encoding: 'utf8',
        env: {...process.env, NO_COLOR: '1', DEBUG: '', HELM_BIN: bin},
      },
    )
    expect(result.status).toBe(0)
    expect(result.stderr).toBe('')
    expect(result.stdout).toContain(
      `Helm is not available (${reason}), so helm dependency update did not run`,
    )
    expect(result.stdout.match(/not available/g)).toHaveLength(1)
  })

  it('reports the reason in --json', () => {
    const result = prodstack('init', '--yes', '--preset', 'minimal', '--json', 'helm-json')
    expect(result.status).toBe(0)
    const {dependencies} = JSON.parse(result.stdout)
    expect(dependencies[0]).toEqual({
      chart: '20-network',
      status: 'skipped',
      command: 'helm dependency update helm-json/20-network',
      detail: 'Helm is not available (helm-not-installed is not on PATH)',
    })
  })
})
