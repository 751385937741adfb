import {spawnSync} from 'node:child_process'
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {helmBinaries} from './support/helm.js'
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
    const file = join(dir, '01-crds-kube-prometheus-stack', 'values.yaml')
    writeFileSync(file, readFileSync(file, 'utf8').replace('enabled: true', 'enabled: "yes"'))
    const result = prodstack('validate', dir)
    expect(result.status).toBe(1)
    expect(result.stderr).toContain(
      '01-crds-kube-prometheus-stack/values.yaml: prometheus-operator-crds.enabled: must be boolean',
    )
    expect(result.stdout).toContain('drift: 01-crds-kube-prometheus-stack/values.yaml')
  })

  it('reports a tampered chart version as drift from the pinned catalog', () => {
    const dir = freshStack('tampered')
    const file = join(dir, '02-network', 'Chart.yaml')
    writeFileSync(file, readFileSync(file, 'utf8').replace('version: 1.20.0', 'version: 1.19.0'))
    const result = prodstack('validate', dir, '--json')
    expect(result.status).toBe(1)
    const {error} = JSON.parse(result.stdout)
    expect(error.code).toBe('INVALID_STACK')
    expect(error.problems).toContainEqual(
      expect.objectContaining({
        source: '02-network/Chart.yaml',
        message: 'pins cilium at 1.19.0, but this prodstack pins 1.20.0',
      }),
    )
    expect(error.details.drift).toContain('02-network/Chart.yaml: differs from what prodstack.yaml generates')
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
    const values = join(dir, '02-network', 'values.yaml')
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
        file: '02-network/values.yaml',
        path: 'cilium.ipam.mode',
        change: 'changed',
        from: 'cluster-pool',
        to: 'kubernetes',
      },
      {file: '02-network/values.yaml', path: 'cilium.bandwidthManager', change: 'added', to: {enabled: true}},
      {file: 'README.md', change: 'edited'},
    ])
    const text = prodstack('validate', dir)
    expect(text.status).toBe(0)
    expect(text.stdout).toContain(
      'local edit: 02-network/values.yaml: cilium.ipam.mode: "cluster-pool" -> "kubernetes"',
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
