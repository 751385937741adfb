import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {requireBuild, runCli, snapshotTree} from './support/cli.js'

/** install, status and uninstall before they reach a cluster: what they refuse, and why, in one line each. */
let work: string
beforeAll(() => {
  requireBuild()
  work = mkdtempSync(join(tmpdir(), 'prodstack-day2-cli-'))
  const made = runCli(work, ['init', '--yes', '--no-dependency-update', '--preset', 'minimal', 'day2'])
  expect(made.status, made.stderr).toBe(0)
})
afterAll(() => rmSync(work, {recursive: true, force: true}))

const errorOf = (args: string[], env: Record<string, string> = {}) => {
  const result = runCli(work, [...args, '--json'], {env})
  expect(result.status, result.stdout).toBe(1)
  return JSON.parse(result.stdout).error as {code: string; message: string; problems: Array<{hint?: string}>}
}

describe('install, status and uninstall without a cluster', () => {
  it('install --dry-run prints the commands and writes nothing', () => {
    const before = snapshotTree(join(work, 'day2'))
    const result = runCli(work, ['install', 'day2', '--dry-run', '--timeout', '20m', '--kube-context', 'lab'])
    expect(result.status, result.stderr).toBe(0)
    expect(result.stdout.trim().split('\n')).toEqual([
      'kubectl apply -f namespaces.yaml --context lab',
      'helm-not-installed upgrade --install day2-network ./20-network --namespace kube-system --create-namespace --wait --timeout 20m --kube-context lab',
      'helm-not-installed upgrade --install day2-platform ./60-platform --namespace platform --create-namespace --wait --timeout 20m --kube-context lab',
    ])
    expect(snapshotTree(join(work, 'day2'))).toEqual(before)
  })

  it('install refuses a layer charts/ does not hold, before asking anything of the cluster', () => {
    const error = errorOf(['install', 'day2'])
    expect(error.code).toBe('CHARTS_MISSING')
    expect(error.problems.map((problem) => problem.hint)).toEqual([
      'run helm dependency update ./20-network in day2',
      'run helm dependency update ./60-platform in day2',
    ])
  })

  it('refuses a --from that is no layer and a --timeout that is no duration', () => {
    expect(errorOf(['install', 'day2', '--from', '03-nothing']).code).toBe('INVALID_OPTION')
    expect(errorOf(['install', 'day2', '--timeout', 'ten']).code).toBe('INVALID_OPTION')
    expect(errorOf(['uninstall', 'day2', '--yes', '--timeout', 'ten'], {KUBECTL: 'true'}).code).toBe(
      'INVALID_OPTION',
    )
  })

  it('uninstall without a terminal needs --yes', () => {
    const result = runCli(work, ['uninstall', 'day2'])
    expect(result.status).toBe(1)
    expect(result.stderr.trim()).toBe('Error: uninstall day2: pass --yes to uninstall without a terminal')
    expect(errorOf(['uninstall', 'day2']).code).toBe('CONFIRMATION_REQUIRED')
  })

  it('says in one line when kubectl cannot be run', () => {
    const result = runCli(work, ['status', 'day2'], {env: {KUBECTL: join(work, 'no-kubectl')}})
    expect(result.status).toBe(1)
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
    expect(result.stderr).toMatch(/^Error: cannot run .*no-kubectl/)
  })

  it('a directory that is no stack is INVALID_STACK', () => {
    mkdirSync(join(work, 'empty'))
    writeFileSync(join(work, 'empty', 'README.md'), 'not a stack\n')
    for (const command of ['install', 'status', 'uninstall'])
      expect(errorOf([command, 'empty', ...(command === 'uninstall' ? ['--yes'] : [])]).code).toBe(
        'INVALID_STACK',
      )
  })
})
