import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {parse} from 'yaml'
import {readFiles, requireBuild, runCli, snapshotTree} from './support/cli.js'
import {editByHand, editFile, initStack, NETWORK_VALUES, readText, regenerate} from './support/stacks.js'

let work: string
beforeAll(() => {
  requireBuild()
  work = mkdtempSync(join(tmpdir(), 'prodstack-adopt-'))
})
afterAll(() => rmSync(work, {recursive: true, force: true}))

const adopt = (...args: string[]) => runCli(work, ['adopt', '--no-dependency-update', ...args])

describe('prodstack adopt', () => {
  it('moves hand edits into prodstack.yaml values, after which regenerating is clean', () => {
    const dir = initStack(work, 'adopted')
    editByHand(dir)
    editFile(dir, NETWORK_VALUES, 'mode: cluster-pool', 'mode: kubernetes')
    const result = adopt('--json', dir)
    expect(result.status, result.stdout).toBe(0)
    const output = JSON.parse(result.stdout)
    expect(output).toMatchObject({status: 'ok', written: true, recorded: true})
    expect(output.adopted).toEqual([
      {
        file: NETWORK_VALUES,
        path: 'cilium.ipam.mode',
        change: 'changed',
        key: 'values.cilium.ipam.mode',
        value: 'kubernetes',
      },
      {
        file: NETWORK_VALUES,
        path: 'cilium.hubble.ui.enabled',
        change: 'changed',
        key: 'values.cilium.hubble.ui.enabled',
        value: false,
      },
      {
        file: NETWORK_VALUES,
        path: 'cilium.bandwidthManager',
        change: 'added',
        key: 'values.cilium.bandwidthManager',
        value: {enabled: true},
      },
    ])
    // A deleted key and the comments cannot be values: they stay hand edits, and say why.
    expect(output.notAdopted).toContainEqual({
      file: NETWORK_VALUES,
      path: 'cilium.hubble.relay',
      change: 'removed',
      reason: expect.stringContaining('a deleted key cannot be written as prodstack.yaml values'),
    })
    expect(output.notAdopted).toContainEqual(
      expect.objectContaining({path: 'cilium.ipam', change: 'comment'}),
    )
    expect(parse(readText(dir, 'prodstack.yaml')).values).toEqual({
      cilium: {ipam: {mode: 'kubernetes'}, hubble: {ui: {enabled: false}}, bandwidthManager: {enabled: true}},
    })
    // The values are prodstack's now: with its comment for each, and the hand edits intact.
    const values = readText(dir, NETWORK_VALUES)
    expect(values).toContain(
      '# -- Your value (prodstack.yaml: values.cilium.ipam.mode).\n    mode: kubernetes',
    )
    expect(values).toContain('enabled: false # not before the audit')
    expect(values).not.toContain('relay:')

    // Clean: diff sees nothing to change, regenerating writes the same bytes, validate lists what stays.
    const diff = JSON.parse(runCli(work, ['diff', '--json', dir]).stdout)
    expect(diff.changed).toBe(false)
    const files = readFiles(dir)
    expect(regenerate(work, dir).status).toBe(0)
    expect(readFiles(dir)).toEqual(files)
    const validate = JSON.parse(runCli(work, ['validate', '--json', dir]).stdout)
    expect(validate.localEdits.filter((edit: {change: string}) => edit.change !== 'comment')).toEqual([
      {file: NETWORK_VALUES, path: 'cilium.hubble.relay', change: 'removed', from: {enabled: true}},
    ])

    // The adopted values survive an answer change like any other answer.
    editFile(dir, 'prodstack.yaml', 'podCidr: 10.244.0.0/16', 'podCidr: 10.10.0.0/16')
    expect(regenerate(work, dir).status).toBe(0)
    expect(parse(readText(dir, NETWORK_VALUES)).cilium.ipam).toEqual({
      mode: 'kubernetes',
      operator: {clusterPoolIPv4PodCIDRList: ['10.10.0.0/16']},
    })
  })

  it('deletes a value of your own from prodstack.yaml when it was deleted by hand', () => {
    const dir = initStack(work, 'own-value')
    editFile(dir, 'prodstack.yaml', 'values: {}', 'values:\n  cilium:\n    k8sServiceHost: api.example.com')
    expect(regenerate(work, dir).status).toBe(0)
    editFile(dir, NETWORK_VALUES, '  k8sServiceHost: api.example.com\n', '')
    const result = adopt(dir)
    expect(result.status, result.stderr).toBe(0)
    expect(result.stdout).toContain('values.cilium.k8sServiceHost removed')
    expect(parse(readText(dir, 'prodstack.yaml')).values).toEqual({})
  })

  it('writes nothing with --dry-run, or when there is nothing to adopt', () => {
    const dir = initStack(work, 'dry')
    const untouched = snapshotTree(dir)
    const nothing = adopt(dir)
    expect(nothing.status).toBe(0)
    expect(nothing.stdout).toContain(`No hand edits in ${dir} to adopt.`)
    expect(snapshotTree(dir)).toEqual(untouched)
    editFile(dir, NETWORK_VALUES, 'mode: cluster-pool', 'mode: kubernetes')
    const edited = snapshotTree(dir)
    const dry = adopt('--dry-run', dir)
    expect(dry.status).toBe(0)
    expect(dry.stdout).toContain('Would adopt 1 hand edit(s)')
    expect(snapshotTree(dir)).toEqual(edited)
  })

  it('refuses a credential typed into values.yaml, as prodstack.yaml values refuse it, and writes nothing', () => {
    const dir = initStack(work, 'credential')
    editFile(dir, NETWORK_VALUES, '  hubble:\n', '  password: hunter2-but-longer\n  hubble:\n')
    const before = snapshotTree(dir)
    const result = adopt('--json', dir)
    expect(result.status).toBe(1)
    expect(JSON.parse(result.stdout).error.code).toMatch(/^INVALID_(PLAN|ANSWERS)$/)
    expect(snapshotTree(dir)).toEqual(before)
  })
})
