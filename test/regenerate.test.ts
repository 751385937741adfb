import {existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {parse} from 'yaml'
import {readFiles, requireBuild, runCli, snapshotTree} from './support/cli.js'
import {editByHand, editFile, initStack, NETWORK_VALUES, readText, regenerate} from './support/stacks.js'

let work: string
beforeAll(() => {
  requireBuild()
  work = mkdtempSync(join(tmpdir(), 'prodstack-regenerate-'))
})
afterAll(() => rmSync(work, {recursive: true, force: true}))

const CIDR = ['cilium', 'ipam', 'operator', 'clusterPoolIPv4PodCIDRList']
const cidrOf = (dir: string) => CIDR.reduce((node, key) => node[key], parse(readText(dir, NETWORK_VALUES)))

describe('regenerating a stack with hand edits (init --force)', () => {
  it('writes the same bytes, record included, when nothing was edited', () => {
    const dir = initStack(work, 'same')
    const before = readFiles(dir)
    expect([...before.keys()]).toContain('.prodstack/generated.yaml')
    expect([...before.keys()]).toContain(`.prodstack/base/${NETWORK_VALUES}`)
    const result = regenerate(work, dir)
    expect(result.status, result.stderr).toBe(0)
    expect(result.stdout).not.toContain('hand edit')
    expect(readFiles(dir)).toEqual(before)
  })

  it('keeps a value changed, a key added, a key deleted and a comment added, after an answer changed', () => {
    const dir = initStack(work, 'edited')
    editByHand(dir)
    editFile(dir, 'prodstack.yaml', 'podCidr: 10.244.0.0/16', 'podCidr: 10.10.0.0/16')
    editFile(dir, 'prodstack.yaml', 'metricsServer: true', 'metricsServer: false')
    const result = regenerate(work, dir)
    expect(result.status, result.stderr).toBe(0)
    expect(result.stdout).toContain('Kept 4 hand edit(s):')
    expect(result.stdout).toContain('20-network/values.yaml: cilium.hubble.ui.enabled: true -> false')
    const values = readText(dir, NETWORK_VALUES)
    expect(values).toContain(
      '      # -- Hubble UI shows service maps and dropped flows.\n      enabled: false # not before the audit',
    )
    expect(values).toContain(
      '  # Bandwidth limits per pod, from our own experience.\n  bandwidthManager:\n    enabled: true\n',
    )
    expect(values).not.toContain('relay:')
    expect(values).toContain('  # Agreed with the network team.\n  ipam:\n')
    // The answers changed what prodstack writes, too.
    expect(cidrOf(dir)).toEqual(['10.10.0.0/16'])
    expect(readText(dir, '60-platform/Chart.yaml')).not.toContain('metrics-server')
    // The record holds what prodstack generated, not the merge: the edits stay edits.
    expect(readText(dir, `.prodstack/base/${NETWORK_VALUES}`)).toContain('relay:')
    // Regenerating again changes nothing.
    const files = readFiles(dir)
    expect(regenerate(work, dir).status).toBe(0)
    expect(readFiles(dir)).toEqual(files)
  })

  it('writes nothing on a conflict and lists both values, also with --json', () => {
    const dir = initStack(work, 'conflict')
    editFile(dir, NETWORK_VALUES, '- 10.244.0.0/16', '- 10.30.0.0/16')
    editFile(dir, 'prodstack.yaml', 'podCidr: 10.244.0.0/16', 'podCidr: 10.10.0.0/16')
    const before = snapshotTree(dir)
    const result = regenerate(work, dir)
    expect(result.status).toBe(1)
    expect(result.stderr).toContain(
      'Hand edits conflict with what prodstack generates now: nothing was written',
    )
    expect(result.stderr).toContain(
      '20-network/values.yaml: cilium.ipam.operator.clusterPoolIPv4PodCIDRList: changed by hand to ["10.30.0.0/16"] and by prodstack to ["10.10.0.0/16"] (was ["10.244.0.0/16"])',
    )
    expect(result.stderr).toContain('--strategy ours')
    expect(snapshotTree(dir)).toEqual(before)

    const json = regenerate(work, dir, '--json')
    expect(json.status).toBe(1)
    const {status, error} = JSON.parse(json.stdout)
    expect(status).toBe('error')
    expect(error.code).toBe('MERGE_CONFLICT')
    expect(error.exitCode).toBe(1)
    expect(error.details.conflicts).toEqual([
      {
        file: NETWORK_VALUES,
        path: 'cilium.ipam.operator.clusterPoolIPv4PodCIDRList',
        baseKnown: true,
        base: ['10.244.0.0/16'],
        ours: ['10.30.0.0/16'],
        theirs: ['10.10.0.0/16'],
        message:
          'changed by hand to ["10.30.0.0/16"] and by prodstack to ["10.10.0.0/16"] (was ["10.244.0.0/16"])',
      },
    ])
    expect(snapshotTree(dir)).toEqual(before)
  })

  it('settles conflicts with --strategy ours (the hand edit) or theirs (prodstack’s)', () => {
    for (const [strategy, expected] of [
      ['ours', ['10.30.0.0/16']],
      ['theirs', ['10.10.0.0/16']],
    ] as const) {
      const dir = initStack(work, `strategy-${strategy}`)
      editFile(dir, NETWORK_VALUES, '- 10.244.0.0/16', '- 10.30.0.0/16')
      editFile(dir, NETWORK_VALUES, '  hubble:\n', '  bandwidthManager:\n    enabled: true\n  hubble:\n')
      editFile(dir, 'prodstack.yaml', 'podCidr: 10.244.0.0/16', 'podCidr: 10.10.0.0/16')
      const result = regenerate(work, dir, '--strategy', strategy, '--json')
      expect(result.status, result.stdout).toBe(0)
      const output = JSON.parse(result.stdout)
      expect(output.merge.resolved).toEqual([
        expect.objectContaining({path: CIDR.join('.'), resolution: strategy}),
      ])
      expect(cidrOf(dir)).toEqual(expected)
      // Edits that do not conflict are kept either way.
      expect(parse(readText(dir, NETWORK_VALUES)).cilium.bandwidthManager).toEqual({enabled: true})
    }
  })

  it('keeps a hand-edited file prodstack leaves alone, and conflicts on one it changes', () => {
    const dir = initStack(work, 'files')
    editFile(dir, '20-network/templates/NOTES.txt', 'Charts in', 'Our runbook: see the wiki.\nCharts in')
    const kept = regenerate(work, dir, '--ingress', 'nginx-ingress')
    expect(kept.status, kept.stderr).toBe(0)
    expect(readText(dir, '20-network/templates/NOTES.txt')).toContain('Our runbook')
    editFile(dir, 'README.md', '# ', '<!-- our notes -->\n# ')
    const refused = regenerate(work, dir, '--ingress', 'traefik')
    expect(refused.status).toBe(1)
    expect(refused.stderr).toContain('README.md: README.md was changed by hand, and prodstack changes it too')
  })

  it('regenerates a stack written before the record existed, conflicting only where files differ', () => {
    const dir = initStack(work, 'legacy')
    rmSync(join(dir, '.prodstack'), {recursive: true})
    // Unchanged: nothing differs, so nothing conflicts, and the record is written.
    const same = regenerate(work, dir)
    expect(same.status, same.stderr).toBe(0)
    expect(same.stdout).toContain('The stack had no record of what prodstack wrote; it has one now')
    expect(existsSync(join(dir, '.prodstack/generated.yaml'))).toBe(true)

    rmSync(join(dir, '.prodstack'), {recursive: true})
    editFile(dir, NETWORK_VALUES, '  hubble:\n', '  bandwidthManager:\n    enabled: true\n  hubble:\n')
    const refused = regenerate(work, dir)
    expect(refused.status).toBe(1)
    expect(refused.stderr).toContain('the stack has no record of what prodstack wrote before')
    expect(refused.stderr).toContain(
      '20-network/values.yaml: cilium.bandwidthManager: is {"enabled":true} on disk, prodstack does not set it',
    )
    const kept = regenerate(work, dir, '--strategy', 'ours')
    expect(kept.status, kept.stderr).toBe(0)
    expect(parse(readText(dir, NETWORK_VALUES)).cilium.bandwidthManager).toEqual({enabled: true})
  })

  it('treats a damaged record as none, and never reads outside the stack for it', () => {
    const dir = initStack(work, 'damaged')
    editFile(dir, '.prodstack/generated.yaml', 'files:\n', 'files:\n  ../../../etc/passwd: x\n')
    const result = regenerate(work, dir)
    expect(result.status, result.stderr).toBe(0)
    expect(result.stdout).toContain('names a file outside the stack')
    expect(readText(dir, '.prodstack/generated.yaml')).not.toContain('passwd')
  })

  it('keeps the record out of Helm charts in the single-chart layout', () => {
    const dir = initStack(work, 'single', '--layout', 'single', '--metrics', 'prometheus')
    expect(readText(dir, '.helmignore')).toContain('.prodstack/\n')
    expect(existsSync(join(dir, '.prodstack/base/values.yaml'))).toBe(true)
    editFile(dir, 'values.yaml', '  hubble:\n', '  bandwidthManager:\n    enabled: true\n  hubble:\n')
    expect(regenerate(work, dir, '--mesh', 'istio').status).toBe(0)
    expect(parse(readText(dir, 'values.yaml')).cilium.bandwidthManager).toEqual({enabled: true})
  })

  it('keeps a layer directory when another layer is added, with its hand edit; refuses a hand edit that breaks the schema', () => {
    const dir = initStack(work, 'schema')
    editFile(dir, NETWORK_VALUES, 'mode: cluster-pool', 'mode: 5')
    const before = snapshotTree(dir)
    const result = regenerate(work, dir, '--mesh', 'linkerd')
    expect(result.status).toBe(1)
    // Linkerd adds a CRDs layer and a mesh layer; 20-network keeps its name and the hand edit.
    expect(result.stderr).toContain(
      '20-network/values.yaml: cilium.ipam.mode: must be string (after merging your hand edits)',
    )
    expect(snapshotTree(dir)).toEqual(before)
    editFile(dir, NETWORK_VALUES, 'mode: 5', 'mode: kubernetes')
    expect(regenerate(work, dir, '--mesh', 'istio').status).toBe(0)
    expect(parse(readText(dir, '20-network/values.yaml')).cilium.ipam.mode).toBe('kubernetes')
    expect(readdirSync(dir).filter((entry) => /^\d{2}-/.test(entry))).toEqual([
      '10-crds-istio',
      '10-crds-kube-prometheus-stack',
      '20-network',
      '50-mesh',
      '60-platform',
    ])
  })

  it('refuses a credential typed into values.yaml by hand: prodstack never writes one', () => {
    const dir = initStack(work, 'credential')
    editFile(dir, NETWORK_VALUES, '  hubble:\n', '  password: hunter2-but-longer\n  hubble:\n')
    const before = snapshotTree(dir)
    const result = regenerate(work, dir)
    expect(result.status).toBe(1)
    expect(result.stderr).toContain(
      '20-network/values.yaml: cilium.password: holds a credential typed in by hand, which prodstack does not write',
    )
    expect(snapshotTree(dir)).toEqual(before)
  })

  it('refuses an unknown strategy as bad usage', () => {
    const result = regenerate(work, join(work, 'nowhere'), '--strategy', 'mine')
    expect(result.status).toBe(2)
  })

  it('keeps a stack written before --istio-mode existed on sidecars; an answers file of its own gets ambient', () => {
    const dir = initStack(work, 'earlier-istio', '--mesh', 'istio', '--istio-mode', 'sidecar')
    // prodstack writes every answer into prodstack.yaml, so a stack from before the answer lacks it.
    editFile(dir, 'prodstack.yaml', 'istioMode: sidecar\n', '')
    const result = regenerate(work, dir)
    expect(result.status, result.stderr).toBe(0)
    expect(readText(dir, 'prodstack.yaml')).toContain('istioMode: sidecar')
    expect(readText(dir, '50-mesh/Chart.yaml')).not.toContain('ztunnel')
    // The same answers under another name are a new stack's answers: ambient, the default.
    const answers = join(work, 'new-istio-answers.yaml')
    writeFileSync(answers, readText(dir, 'prodstack.yaml').replace('istioMode: sidecar\n', ''))
    const fresh = runCli(work, [
      'init',
      '--answers',
      answers,
      '--no-dependency-update',
      join(work, 'new-istio'),
    ])
    expect(fresh.status, fresh.stderr).toBe(0)
    expect(readText(join(work, 'new-istio'), 'prodstack.yaml')).toContain('istioMode: ambient')
    expect(readText(join(work, 'new-istio'), '50-mesh/Chart.yaml')).toContain('ztunnel')
  })
})
