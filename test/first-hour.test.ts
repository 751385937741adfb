/** What a new user trips over in the first hour: each case as they would type it. */
import {existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {parse} from 'yaml'
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

describe('-f/--values and --set, as Helm users type them', () => {
  const work = mkdtempSync(join(tmpdir(), 'prodstack-values-flags-'))
  afterAll(() => rmSync(work, {recursive: true, force: true}))

  it('merge into the answers values (answers file < -f files in order < --set) and are recorded in prodstack.yaml', () => {
    writeFileSync(
      join(work, 'answers.yaml'),
      'apiVersion: prodstack.dev/v1\nvalues:\n  grafana:\n    replicas: 1\n    env:\n      FROM_ANSWERS: "1"\n',
    )
    writeFileSync(join(work, 'one.yaml'), 'grafana:\n  replicas: 3\n  env:\n    FROM_ONE: "1"\n')
    writeFileSync(join(work, 'two.yaml'), 'grafana:\n  env:\n    FROM_TWO: "2"\n')
    const result = runCli(work, [
      'init',
      '--yes',
      '--no-dependency-update',
      '--answers',
      'answers.yaml',
      '-f',
      'one.yaml',
      '--values',
      'two.yaml',
      '--set',
      'grafana.replicas=2,grafana.env.FROM_SET=yes',
      'stack',
    ])
    expect(result.status, result.stderr).toBe(0)
    const recorded = parse(readFileSync(join(work, 'stack/prodstack.yaml'), 'utf8'))
    expect(recorded.values.grafana).toEqual({
      replicas: 2,
      env: {FROM_ANSWERS: '1', FROM_ONE: '1', FROM_TWO: '2', FROM_SET: 'yes'},
    })
    const platform = parse(readFileSync(join(work, 'stack/60-platform/values.yaml'), 'utf8'))
    expect(platform.grafana.replicas).toBe(2)
    expect(platform.grafana.env).toMatchObject({FROM_SET: 'yes', FROM_TWO: '2'})
  })

  it('name the flag or file in every problem, and write nothing', () => {
    writeFileSync(join(work, 'list.yaml'), '- not\n- a mapping\n')
    const result = runCli(work, [
      'init',
      '--yes',
      '--no-dependency-update',
      '--set',
      'replicas=2',
      '--set',
      'nosuchchart.x=1',
      '-f',
      'list.yaml',
      'refused',
    ])
    expect(result.status).toBe(1)
    expect(result.stderr).toContain('Cannot read values file list.yaml')
    expect(existsSync(join(work, 'refused'))).toBe(false)
    const second = runCli(work, ['init', '--yes', '--no-dependency-update', '--set', 'replicas=2', 'refused'])
    expect(second.status).toBe(1)
    expect(second.stderr).toContain('--set replicas=2')
    const third = runCli(work, [
      'init',
      '--yes',
      '--no-dependency-update',
      '--set',
      'nosuchchart.x=1',
      'refused',
    ])
    expect(third.status).toBe(1)
    expect(third.stderr).toContain('nosuchchart')
    expect(existsSync(join(work, 'refused'))).toBe(false)
  })
})
