/** What a new user trips over in the first hour: each case as they would type it. */
import {mkdirSync, mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {stackNameFromDirectory} from '../src/answers/base.js'
import {requireBuild, runCli, snapshotTree} from './support/cli.js'
import {problemsOf} from './support/plans.js'

const root = mkdtempSync(join(tmpdir(), 'prodstack-first-hour-'))
afterAll(() => rmSync(root, {recursive: true, force: true}))

function scratch(): string {
  const dir = mkdtempSync(join(root, 'case-'))
  mkdirSync(dir, {recursive: true})
  return dir
}

describe('the first hour', () => {
  it('names the stack after the target directory, so two --yes stacks never share release names', () => {
    requireBuild()
    const dir = scratch()
    for (const target of ['prod', 'Staging_EU']) {
      const result = runCli(dir, ['init', '--yes', '--no-dependency-update', target])
      expect(result.status, result.stderr).toBe(0)
      expect(result.stdout).toContain('from the directory')
    }
    expect(readFileSync(join(dir, 'prod/prodstack.yaml'), 'utf8')).toMatch(/^name: prod$/m)
    expect(readFileSync(join(dir, 'Staging_EU/prodstack.yaml'), 'utf8')).toMatch(/^name: staging-eu$/m)
    // --name still wins.
    const named = runCli(dir, ['init', '--yes', '--no-dependency-update', '--name', 'shop', 'other'])
    expect(named.status, named.stderr).toBe(0)
    expect(readFileSync(join(dir, 'other/prodstack.yaml'), 'utf8')).toMatch(/^name: shop$/m)
  })

  it('makes a valid stack name of a directory name, or none', () => {
    expect(stackNameFromDirectory('Prod_EU')).toBe('prod-eu')
    expect(stackNameFromDirectory('2026-cluster')).toBe('cluster')
    expect(stackNameFromDirectory('a'.repeat(40))).toHaveLength(26)
    expect(stackNameFromDirectory('123')).toBeUndefined()
  })

  it('refuses a list flag given with spaces, naming the fix, and writes nothing', () => {
    requireBuild()
    const dir = scratch()
    const before = snapshotTree(dir)
    const result = runCli(dir, [
      'init',
      '--yes',
      '--no-dependency-update',
      '--dashboards',
      'grafana',
      'kibana',
    ])
    expect(result.status).toBe(1)
    expect(result.stderr).toContain('--dashboards: "kibana" is one of its choices, not a directory')
    expect(result.stderr).toContain('write --dashboards grafana,kibana')
    expect(snapshotTree(dir)).toEqual(before)
  })

  it('takes a list flag repeated or comma-separated', () => {
    requireBuild()
    const dir = scratch()
    const args = ['init', '--yes', '--no-dependency-update', '--log-store', 'elasticsearch']
    const repeated = runCli(dir, [...args, '--dashboards', 'grafana', '--dashboards', 'kibana', 'a'])
    const commas = runCli(dir, [...args, '--dashboards', 'grafana,kibana', 'b'])
    expect(repeated.status, repeated.stderr).toBe(0)
    expect(commas.status, commas.stderr).toBe(0)
    const dashboards = (stack: string) =>
      /dashboards:\n((?: {2}- .*\n)+)/.exec(readFileSync(join(dir, stack, 'prodstack.yaml'), 'utf8'))?.[1]
    expect(dashboards('a')).toBe('  - grafana\n  - kibana\n')
    expect(dashboards('b')).toBe(dashboards('a'))
  })

  it('refuses a stack that installs nothing', () => {
    const problems = problemsOf({
      preset: 'minimal',
      cni: 'none',
      ingress: 'none',
      metricsServer: false,
    })
    expect(problems).toContainEqual({
      source: 'answers',
      message: 'the stack installs nothing: every category is none',
      hint: 'choose at least one component, for example --ingress traefik, or start from --preset minimal',
    })
  })
})
