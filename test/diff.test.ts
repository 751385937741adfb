import {createHash} from 'node:crypto'
import {existsSync, mkdtempSync, renameSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {requireBuild, runCli, snapshotTree} from './support/cli.js'
import {editFile, initStack, NETWORK_VALUES, readText} from './support/stacks.js'

let work: string
beforeAll(() => {
  requireBuild()
  work = mkdtempSync(join(tmpdir(), 'prodstack-diff-'))
})
afterAll(() => rmSync(work, {recursive: true, force: true}))

const diff = (...args: string[]) => runCli(work, ['diff', ...args])

/** Makes the stack look written by an older prodstack that pinned Cilium at 1.19.0. */
function olderCilium(dir: string): void {
  const before = readText(dir, '20-network/Chart.yaml')
  editFile(dir, '20-network/Chart.yaml', 'version: 1.20.0', 'version: 1.19.0')
  const hash = (text: string) => createHash('sha256').update(text).digest('hex')
  editFile(dir, '.prodstack/generated.yaml', hash(before), hash(readText(dir, '20-network/Chart.yaml')))
}

describe('prodstack diff', () => {
  it('reports no changes for a stack as init wrote it, and exits 0 even with --exit-code', () => {
    const dir = initStack(work, 'clean')
    const text = diff(dir)
    expect(text.status).toBe(0)
    expect(text.stdout.trim()).toBe(
      `No changes: regenerating ${dir} from prodstack.yaml writes the same stack.`,
    )
    const json = diff('--exit-code', '--json', dir)
    expect(json.status).toBe(0)
    expect(JSON.parse(json.stdout)).toEqual({
      status: 'ok',
      dir,
      changed: false,
      recorded: true,
      components: {added: [], removed: []},
      charts: [],
      files: {added: [], removed: [], changed: [], moved: []},
      values: [],
      conflicts: [],
      localEdits: [],
      dropped: [],
    })
  })

  it('lists components, chart versions, files and values that would change, and the hand edits kept', () => {
    const dir = initStack(work, 'changed')
    olderCilium(dir)
    editFile(dir, NETWORK_VALUES, 'mode: cluster-pool', 'mode: kubernetes')
    editFile(dir, 'prodstack.yaml', 'podCidr: 10.244.0.0/16', 'podCidr: 10.10.0.0/16')
    editFile(dir, 'prodstack.yaml', 'metricsServer: true', 'metricsServer: false')
    const before = snapshotTree(dir)

    const text = diff(dir)
    expect(text.status, text.stderr).toBe(0)
    expect(text.stdout).toContain(`Regenerating ${dir} from prodstack.yaml would change:`)
    expect(text.stdout).toContain('Components:\n  - metrics-server\n')
    expect(text.stdout).toContain('  ~ cilium 1.19.0 -> 1.20.0\n')
    expect(text.stdout).toContain('  - metrics-server 3.13.1\n')
    expect(text.stdout).toContain('  ~ 20-network/Chart.yaml\n')
    expect(text.stdout).toContain(
      '  ~ 20-network/values.yaml: cilium.ipam.operator.clusterPoolIPv4PodCIDRList: ["10.244.0.0/16"] -> ["10.10.0.0/16"]\n',
    )
    expect(text.stdout).toMatch(/ {2}- 60-platform\/values.yaml: metrics-server: \{"enabled":true,/)
    expect(text.stdout).toContain(
      'Hand edits (kept when regenerating):\n  20-network/values.yaml: cilium.ipam.mode: "cluster-pool" -> "kubernetes"',
    )

    const json = diff('--json', '--exit-code', dir)
    expect(json.status).toBe(1)
    const output = JSON.parse(json.stdout)
    expect(output).toMatchObject({status: 'ok', changed: true, recorded: true, conflicts: []})
    expect(output.components).toEqual({added: [], removed: ['metrics-server']})
    expect(output.charts).toEqual([
      {alias: 'cilium', chart: 'cilium', from: '1.19.0', to: '1.20.0'},
      {alias: 'metrics-server', chart: 'metrics-server', from: '3.13.1'},
    ])
    expect(output.files.changed).toEqual(
      expect.arrayContaining(['20-network/Chart.yaml', '20-network/values.yaml', '60-platform/Chart.yaml']),
    )
    // prodstack.yaml is written from the answers: the edited file is already what it would be.
    expect(output.files.changed).not.toContain('prodstack.yaml')
    expect(output.values).toContainEqual({
      file: '20-network/values.yaml',
      path: 'cilium.ipam.operator.clusterPoolIPv4PodCIDRList',
      change: 'changed',
      from: ['10.244.0.0/16'],
      to: ['10.10.0.0/16'],
    })
    expect(output.values).toContainEqual(
      expect.objectContaining({file: '60-platform/values.yaml', path: 'metrics-server', change: 'removed'}),
    )
    // The hand edit is not a change: regenerating keeps it.
    expect(output.values.some((value: {path: string}) => value.path === 'cilium.ipam.mode')).toBe(false)
    expect(output.localEdits).toEqual([
      {
        file: NETWORK_VALUES,
        path: 'cilium.ipam.mode',
        change: 'changed',
        from: 'cluster-pool',
        to: 'kubernetes',
      },
    ])
    // diff writes nothing.
    expect(snapshotTree(dir)).toEqual(before)
  })

  it('adds the directories of a new layer and renames none of the others', () => {
    const dir = initStack(work, 'added')
    editFile(dir, 'prodstack.yaml', 'mesh: none', 'mesh: linkerd')
    const output = JSON.parse(diff('--json', dir).stdout)
    expect(output.components.added).toContain('linkerd')
    expect(output.files.moved).toEqual([])
    expect(output.files.removed).toEqual([])
    expect(output.files.added).toEqual(
      expect.arrayContaining(['50-mesh/Chart.yaml', '10-crds-linkerd/Chart.yaml']),
    )
  })

  it('moves the directories of a stack numbered in install order (as written before) to their fixed names', () => {
    const dir = initStack(work, 'numbered')
    // A stack written when layers were numbered in install order: 01-crds-..., 02-network, 03-platform.
    const renames: Array<[string, string]> = [
      ['10-crds-kube-prometheus-stack', '01-crds-kube-prometheus-stack'],
      ['20-network', '02-network'],
      ['60-platform', '03-platform'],
    ]
    let record = readText(dir, '.prodstack/generated.yaml')
    for (const [now, before] of renames) {
      renameSync(join(dir, now), join(dir, before))
      if (existsSync(join(dir, '.prodstack/base', now)))
        renameSync(join(dir, '.prodstack/base', now), join(dir, '.prodstack/base', before))
      record = record.replaceAll(`${now}/`, `${before}/`)
    }
    writeFileSync(join(dir, '.prodstack/generated.yaml'), record)
    const output = JSON.parse(diff('--json', dir).stdout)
    expect(output.files.moved).toEqual(renames.map(([to, from]) => ({from, to})))
    expect(output.values).toEqual([])
    expect(
      runCli(work, [
        'init',
        '--answers',
        join(dir, 'prodstack.yaml'),
        '--force',
        '--no-dependency-update',
        dir,
      ]).status,
    ).toBe(0)
    expect(
      renames.every(([now, before]) => existsSync(join(dir, now)) && !existsSync(join(dir, before))),
    ).toBe(true)
  })

  it('lists conflicts with both values', () => {
    const dir = initStack(work, 'conflicting')
    editFile(dir, NETWORK_VALUES, '- 10.244.0.0/16', '- 10.30.0.0/16')
    editFile(dir, 'prodstack.yaml', 'podCidr: 10.244.0.0/16', 'podCidr: 10.10.0.0/16')
    const text = diff(dir)
    expect(text.status).toBe(0)
    expect(text.stdout).toContain(
      '20-network/values.yaml: cilium.ipam.operator.clusterPoolIPv4PodCIDRList: changed by hand to ["10.30.0.0/16"] and by prodstack to ["10.10.0.0/16"] (was ["10.244.0.0/16"])',
    )
    const output = JSON.parse(diff('--json', dir).stdout)
    expect(output.conflicts).toEqual([
      expect.objectContaining({ours: ['10.30.0.0/16'], theirs: ['10.10.0.0/16'], base: ['10.244.0.0/16']}),
    ])
  })

  it('refuses a directory that is not a stack', () => {
    const result = diff('--json', work)
    expect(result.status).toBe(1)
    expect(JSON.parse(result.stdout).error.code).toBe('INVALID_STACK')
  })
})
