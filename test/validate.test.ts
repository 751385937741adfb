import {spawnSync} from 'node:child_process'
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {describeEachHelm, helmBinaries} from './support/helm.js'
import {REPO_ROOT} from './support/shared.js'

const BIN = join(REPO_ROOT, 'bin/run.js')
let work: string
// With a Helm binary, validate also lints each chart (missing dependencies are only a lint warning).
const helm = helmBinaries()[0]?.path ?? join(tmpdir(), 'no-helm-here')

function prodstack(...args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], {
    cwd: work,
    encoding: 'utf8',
    env: {...process.env, HELM_BIN: helm, NO_COLOR: '1'},
  })
}

function freshStack(name: string): string {
  const result = prodstack('init', '--yes', '--preset', 'standard', '--no-dependency-update', name)
  expect(result.status, result.stderr).toBe(0)
  return join(work, name)
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'prodstack-validate-'))
})
afterAll(() => rmSync(work, {recursive: true, force: true}))

describe('prodstack validate', () => {
  it('accepts a stack as init wrote it, with its lifecycle warnings and no drift', () => {
    const dir = freshStack('good')
    const result = prodstack('validate', dir, '--json')
    expect(result.status, result.stdout).toBe(0)
    const report = JSON.parse(result.stdout)
    expect(report.status).toBe('ok')
    expect(report.problems).toEqual([])
    expect(report.drift).toEqual([])
    expect(report.warnings.some((warning: {component?: string}) => warning.component === 'grafana')).toBe(
      true,
    )
    if (helmBinaries().length > 0) expect(report.lint.every((lint: {ok: boolean}) => lint.ok)).toBe(true)
  })

  it('reports a hand-broken values.yaml against its schema, naming the value', () => {
    const dir = freshStack('broken')
    const file = join(dir, '10-crds-kube-prometheus-stack', 'values.yaml')
    writeFileSync(file, readFileSync(file, 'utf8').replace('enabled: true', 'enabled: "yes"'))
    const result = prodstack('validate', dir)
    expect(result.status).toBe(1)
    expect(result.stderr).toContain(
      '10-crds-kube-prometheus-stack/values.yaml: prometheus-operator-crds.enabled: must be boolean',
    )
    expect(result.stdout).toContain('drift: 10-crds-kube-prometheus-stack/values.yaml')
  })

  it('reports a tampered chart version as drift from the pinned catalog', () => {
    const dir = freshStack('tampered')
    const file = join(dir, '20-network', 'Chart.yaml')
    writeFileSync(file, readFileSync(file, 'utf8').replace('version: 1.20.0', 'version: 1.19.0'))
    const result = prodstack('validate', dir, '--json')
    expect(result.status).toBe(1)
    const output = JSON.parse(result.stdout)
    const {error} = output
    expect(error.code).toBe('INVALID_STACK')
    expect(error.problems).toContainEqual(
      expect.objectContaining({
        source: '20-network/Chart.yaml',
        message: 'pins cilium at 1.19.0, but this prodstack pins 1.20.0',
        // A chart version is not a value: the hint never sends the user to prodstack.yaml values.
        hint: expect.stringMatching(/^regenerate the stack to use 1\.20\.0, .*cannot change it\)$/),
      }),
    )
    expect(output.drift).toContain('20-network/Chart.yaml: differs from what prodstack.yaml generates')
    expect(output.problems).toEqual(error.problems)
  })

  it('reports every problem of an invalid prodstack.yaml at once', () => {
    const dir = freshStack('bad-answers')
    const file = join(dir, 'prodstack.yaml')
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace('cni: cilium', 'cni: cilum').replace('mesh: none', 'mesh: consul'),
    )
    const result = prodstack('validate', dir)
    expect(result.status).toBe(1)
    expect(result.stderr).toContain('did you mean cilium?')
    expect(result.stderr).toContain('"consul" is not one of')
  })

  it('reports hand edits as local edits (warnings), not as problems', () => {
    const dir = freshStack('hand-edited')
    const values = join(dir, '20-network', 'values.yaml')
    writeFileSync(
      values,
      readFileSync(values, 'utf8')
        .replace('mode: cluster-pool', 'mode: kubernetes # we use the node CIDRs')
        .replace('  hubble:\n', '  bandwidthManager:\n    enabled: true\n  hubble:\n'),
    )
    writeFileSync(join(dir, 'README.md'), `${readFileSync(join(dir, 'README.md'), 'utf8')}\nOur notes.\n`)
    const result = prodstack('validate', dir, '--json')
    expect(result.status, result.stdout).toBe(0)
    const report = JSON.parse(result.stdout)
    expect(report.problems).toEqual([])
    expect(report.recorded).toBe(true)
    expect(report.localEdits).toEqual([
      {
        file: '20-network/values.yaml',
        path: 'cilium.ipam.mode',
        change: 'changed',
        from: 'cluster-pool',
        to: 'kubernetes',
      },
      {file: '20-network/values.yaml', path: 'cilium.bandwidthManager', change: 'added', to: {enabled: true}},
      {file: 'README.md', change: 'edited'},
    ])
    const text = prodstack('validate', dir)
    expect(text.status).toBe(0)
    expect(text.stdout).toContain(
      'local edit: 20-network/values.yaml: cilium.ipam.mode: "cluster-pool" -> "kubernetes"',
    )
    expect(text.stdout).toContain('local edit: README.md: edited by hand')
  })

  it('says when hand edits cannot be told, for a stack without a record', () => {
    const dir = freshStack('without-record')
    rmSync(join(dir, '.prodstack'), {recursive: true})
    const result = prodstack('validate', dir)
    expect(result.status).toBe(0)
    expect(result.stdout).toContain('local edits: unknown, the stack has no record of what prodstack wrote')
  })

  it('refuses a directory that is not a stack', () => {
    const result = prodstack('validate', work)
    expect(result.status).toBe(1)
    expect(result.stderr).toContain('has no prodstack.yaml')
  })
})

/** validate's --json output has these keys whatever the outcome; `error` only when it failed. */
const REPORT_KEYS = [
  'dir',
  'drift',
  'helm',
  'lint',
  'localEdits',
  'problems',
  'recorded',
  'status',
  'warnings',
]

describe('prodstack validate --json', () => {
  it('has one shape for a valid stack, a broken one and a directory that is not a stack', () => {
    const valid = JSON.parse(prodstack('validate', freshStack('shape-ok'), '--json').stdout)
    expect(Object.keys(valid).sort()).toEqual(REPORT_KEYS)
    expect(valid.status).toBe('ok')

    const dir = freshStack('shape-broken')
    const file = join(dir, '20-network', 'Chart.yaml')
    writeFileSync(file, readFileSync(file, 'utf8').replace('version: 1.20.0', 'version: 1.19.0'))
    const broken = JSON.parse(prodstack('validate', dir, '--json').stdout)
    expect(Object.keys(broken).sort()).toEqual([...REPORT_KEYS, 'error'].sort())
    expect(broken.status).toBe('error')
    expect(broken.error).toMatchObject({code: 'INVALID_STACK', exitCode: 1})
    expect(broken.problems).toEqual(broken.error.problems)
    expect(broken.warnings.length).toBeGreaterThan(0)

    const none = prodstack('validate', work, '--json')
    expect(none.status).toBe(1)
    const notAStack = JSON.parse(none.stdout)
    expect(Object.keys(notAStack).sort()).toEqual([...REPORT_KEYS, 'error'].sort())
    expect(notAStack).toMatchObject({dir: work, warnings: [], drift: [], lint: [], helm: null})
    expect(notAStack.error.code).toBe('INVALID_STACK')
  })

  it('says helm lint was skipped without Helm, once, and reports helm as null', () => {
    const dir = freshStack('no-helm')
    const run = (...args: string[]) =>
      spawnSync(process.execPath, [BIN, 'validate', dir, ...args], {
        cwd: work,
        encoding: 'utf8',
        env: {...process.env, HELM_BIN: join(tmpdir(), 'no-helm-here'), NO_COLOR: '1'},
      })
    const text = run()
    expect(text.status).toBe(0)
    expect(text.stdout.match(/Helm not available/g)).toHaveLength(1)
    const json = JSON.parse(run('--json').stdout)
    expect(json).toMatchObject({status: 'ok', helm: null, lint: []})
  })
})

describeEachHelm('prodstack validate shows helm lint warnings', (helm) => {
  const run = (...args: string[]) =>
    spawnSync(process.execPath, [BIN, ...args], {
      cwd: work,
      encoding: 'utf8',
      env: {...process.env, HELM_BIN: helm.path, NO_COLOR: '1'},
    })

  it('in the text output and in --json, without failing for them', () => {
    // Without `helm dependency update`, Helm warns that each chart's dependencies are missing.
    const dir = join(work, `lint-warnings-${helm.major}`)
    expect(run('init', '--yes', '--preset', 'minimal', '--no-dependency-update', dir).status).toBe(0)
    const text = run('validate', dir)
    expect(text.status, text.stderr).toBe(0)
    expect(text.stdout).toMatch(/^helm lint 20-network: ok, 1 warning$/m)
    expect(text.stdout).toMatch(
      /^ {2}\[WARNING\] .*20-network: chart directory is missing these dependencies: cilium$/m,
    )
    expect(text.stdout).not.toMatch(/^helm lint \S+: ok$/m)

    const json = JSON.parse(run('validate', dir, '--json').stdout)
    expect(json.status).toBe('ok')
    expect(json.helm).toMatch(new RegExp(`^v${helm.major}\\.`))
    expect(json.lint).toContainEqual({
      chart: '20-network',
      ok: true,
      errors: [],
      warnings: [expect.stringMatching(/20-network: chart directory is missing these dependencies: cilium$/)],
    })
  })

  it('with the errors of a chart that fails to lint', () => {
    const dir = join(work, `lint-errors-${helm.major}`)
    expect(run('init', '--yes', '--preset', 'minimal', '--no-dependency-update', dir).status).toBe(0)
    writeFileSync(join(dir, '20-network', 'templates', 'broken.yaml'), 'x: {{ .Values.nope.deeper }}\n')
    const text = run('validate', dir)
    expect(text.status).toBe(1)
    expect(text.stdout).toMatch(/^helm lint 20-network: failed, 1 warning$/m)
    expect(text.stderr).toMatch(/20-network: helm lint failed: templates\/: .*nil pointer evaluating/)
    const json = JSON.parse(run('validate', dir, '--json').stdout)
    const lint = json.lint.find((entry: {chart: string}) => entry.chart === '20-network')
    expect(lint.ok).toBe(false)
    expect(lint.errors).toEqual([expect.stringMatching(/nil pointer evaluating interface \{\}\.deeper$/)])
    expect(json.error.code).toBe('INVALID_STACK')
  })
})
