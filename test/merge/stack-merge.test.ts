import {describe, expect, it} from 'vitest'
import {parse} from 'yaml'
import type {AnswersInput} from '../../src/answers/schema.js'
import {renderStackFiles} from '../../src/app/stack.js'
import {
  basePath,
  parseRecord,
  RECORD_FILE,
  renderRecord,
  type StackRecord,
  valuesFilesOf,
} from '../../src/merge/record.js'
import {findLocalEdits, mergeStack, previousPaths} from '../../src/merge/stack-merge.js'
import type {FileSet} from '../../src/render/file-set.js'
import {planFor} from '../support/plans.js'

function generate(input: AnswersInput) {
  const plan = planFor(input)
  const files = renderStackFiles(plan, '0.1.0')
  return {plan, files, record: recordOf(renderRecord(plan, files))}
}

function recordOf(files: FileSet): StackRecord {
  const record = parseRecord(files.get(RECORD_FILE)!, (path) => files.get(path))
  if (typeof record === 'string') throw new Error(record)
  return record
}

const before = generate({preset: 'minimal'})
const after = generate({preset: 'minimal', podCidr: '10.10.0.0/16', ingress: 'nginx-ingress'})

function merge(disk: FileSet, options: {record?: StackRecord | null; strategy?: 'ours' | 'theirs'} = {}) {
  const record = options.record === null ? undefined : (options.record ?? before.record)
  return mergeStack({
    theirs: after.files,
    valuesFiles: valuesFilesOf(after.plan),
    disk,
    ...(record ? {record} : {}),
    ...(options.strategy ? {strategy: options.strategy} : {}),
  })
}

function edited(changes: Record<string, (text: string) => string | undefined>): FileSet {
  const disk = new Map(before.files)
  for (const [path, change] of Object.entries(changes)) {
    const text = change(disk.get(path)!)
    if (text === undefined) disk.delete(path)
    else disk.set(path, text)
  }
  return disk
}

describe('the record', () => {
  it('is derived from the generated files alone: the same stack gives the same bytes', () => {
    const again = generate({preset: 'minimal'})
    expect(renderRecord(again.plan, again.files)).toEqual(renderRecord(before.plan, before.files))
  })

  it('holds a hash per generated file, a copy of each values.yaml, and the charts', () => {
    const files = renderRecord(before.plan, before.files)
    expect([...files.keys()]).toEqual([
      RECORD_FILE,
      basePath('20-network/values.yaml'),
      basePath('60-platform/values.yaml'),
    ])
    const raw = parse(files.get(RECORD_FILE)!)
    expect(Object.keys(raw.files)).not.toContain('prodstack.yaml')
    expect(Object.keys(raw.files)).toContain('README.md')
    expect(raw.charts).toContainEqual({
      dir: '20-network',
      alias: 'cilium',
      chart: 'cilium',
      version: '1.20.0',
      component: 'cilium',
    })
    expect(files.get(basePath('20-network/values.yaml'))).toBe(before.files.get('20-network/values.yaml'))
  })

  it('is refused when damaged, so the stack counts as one without a record', () => {
    const files = renderRecord(before.plan, before.files)
    const read = (text: string) => parseRecord(text, (path) => files.get(path))
    expect(read('format: 2\n')).toMatch(/format 2/)
    expect(read('[')).toMatch(/not valid YAML/)
    expect(
      read(files.get(RECORD_FILE)!.replace('  README.md:', '  ../../etc/passwd: x\n  README.md:')),
    ).toMatch(/outside the stack/)
    expect(parseRecord(files.get(RECORD_FILE)!, () => undefined)).toMatch(/is missing/)
  })
})

describe('merging a stack', () => {
  it('writes prodstack’s new files exactly when nothing was edited by hand', () => {
    const result = merge(before.files)
    expect(result.conflicts).toEqual([])
    expect(result.localEdits).toEqual([])
    expect(result.files).toEqual(after.files)
  })

  it('keeps a hand-edited file that prodstack does not change, and reports it', () => {
    const result = merge(edited({'20-network/templates/NOTES.txt': (text) => `${text}Our runbook: ...\n`}))
    expect(result.conflicts).toEqual([])
    expect(result.files.get('20-network/templates/NOTES.txt')).toContain('Our runbook')
    expect(result.kept).toEqual([{file: '20-network/templates/NOTES.txt', change: 'edited'}])
  })

  it('conflicts on a file both changed, and settles it with a strategy', () => {
    const disk = edited({'README.md': (text) => `${text}\nOur notes.\n`})
    expect(merge(disk).conflicts).toEqual([
      {
        file: 'README.md',
        baseKnown: true,
        reason: 'README.md was changed by hand, and prodstack changes it too',
      },
    ])
    expect(merge(disk, {strategy: 'ours'}).files.get('README.md')).toBe(disk.get('README.md'))
    expect(merge(disk, {strategy: 'theirs'}).files.get('README.md')).toBe(after.files.get('README.md'))
  })

  it('merges values by path across the stack, and lists hand edits with their values', () => {
    const disk = edited({
      '20-network/values.yaml': (text) =>
        text.replace('  hubble:\n', '  operator:\n    replicas: 1\n  hubble:\n'),
    })
    const result = merge(disk)
    expect(result.conflicts).toEqual([])
    expect(parse(result.files.get('20-network/values.yaml')!).cilium.operator).toEqual({replicas: 1})
    expect(result.localEdits).toEqual([
      {file: '20-network/values.yaml', path: ['cilium', 'operator'], change: 'added', to: {replicas: 1}},
    ])
    expect(result.kept).toEqual(result.localEdits)
    expect(findLocalEdits(before.record, disk)).toEqual(result.localEdits)
  })

  it('drops hand edits of a component that leaves the stack, and says so', () => {
    const disk = edited({
      '60-platform/values.yaml': (text) => text.replace('replicas: 2', 'replicas: 3'),
    })
    const result = merge(disk)
    expect(result.conflicts).toEqual([])
    expect(result.dropped).toEqual([
      {
        file: '60-platform/values.yaml',
        path: ['traefik', 'deployment', 'replicas'],
        change: 'changed',
        from: 2,
        to: 3,
      },
    ])
    expect(result.files.get('60-platform/values.yaml')).toBe(after.files.get('60-platform/values.yaml'))
  })

  it('writes a generated file deleted by hand again, and prodstack.yaml always from the answers', () => {
    const disk = edited({
      'README.md': () => undefined,
      'prodstack.yaml': (text) => `# my comment\n${text}`,
    })
    const result = merge(disk)
    expect(result.conflicts).toEqual([])
    expect(result.files.get('README.md')).toBe(after.files.get('README.md'))
    expect(result.files.get('prodstack.yaml')).toBe(after.files.get('prodstack.yaml'))
  })

  it('conflicts on a values.yaml that is no longer YAML', () => {
    const disk = edited({'20-network/values.yaml': (text) => `${text}\n  bad: [`})
    const result = merge(disk)
    expect(result.conflicts).toEqual([
      {file: '20-network/values.yaml', baseKnown: true, reason: expect.stringMatching(/is not valid YAML/)},
    ])
    expect(merge(disk, {strategy: 'theirs'}).files.get('20-network/values.yaml')).toBe(
      after.files.get('20-network/values.yaml'),
    )
  })

  it('without a record, counts every difference as a conflict, and nothing else', () => {
    const conflicts = merge(before.files, {record: null}).conflicts
    expect([...new Set(conflicts.map((conflict) => conflict.file))]).toEqual([
      '20-network/values.yaml',
      '60-platform/Chart.yaml',
      '60-platform/templates/NOTES.txt',
      '60-platform/values.schema.json',
      '60-platform/values.yaml',
      'README.md',
    ])
    // Regenerating with the same answers and the same prodstack: nothing differs, nothing conflicts.
    const same = mergeStack({
      theirs: before.files,
      valuesFiles: valuesFilesOf(before.plan),
      disk: before.files,
    })
    expect(same.conflicts).toEqual([])
    expect(same.files).toEqual(before.files)
  })
})

describe('layers numbered in install order (stacks written before the fixed numbers)', () => {
  it('merges the files of each layer with its previously numbered directory', () => {
    // The minimal stack as it was written when layers were numbered 01, 02, ... in install order.
    const oldDirs = new Map([
      ['20-network', '01-network'],
      ['60-platform', '02-platform'],
    ])
    const renamed = (path: string) => {
      const dir = path.split('/')[0]!
      return oldDirs.has(dir) ? `${oldDirs.get(dir)}${path.slice(dir.length)}` : path
    }
    const oldPlan = {
      ...before.plan,
      layers: before.plan.layers.map((layer) => ({...layer, dir: oldDirs.get(layer.dir) ?? layer.dir})),
    }
    const oldFiles: FileSet = new Map([...before.files].map(([path, text]) => [renamed(path), text]))
    const disk = new Map(oldFiles)
    disk.set(
      '01-network/values.yaml',
      disk
        .get('01-network/values.yaml')!
        .replace('  hubble:\n', '  bandwidthManager:\n    enabled: true\n  hubble:\n'),
    )
    const result = mergeStack({
      theirs: before.files,
      valuesFiles: valuesFilesOf(before.plan),
      disk,
      record: recordOf(renderRecord(oldPlan, oldFiles)),
    })
    expect(result.conflicts).toEqual([])
    expect(result.dropped).toEqual([])
    expect(parse(result.files.get('20-network/values.yaml')!).cilium.bandwidthManager).toEqual({
      enabled: true,
    })
    expect(result.kept).toEqual([
      {
        file: '20-network/values.yaml',
        path: ['cilium', 'bandwidthManager'],
        change: 'added',
        to: {enabled: true},
      },
    ])
  })

  it('pairs directories by layer id', () => {
    expect(
      previousPaths(
        ['01-crds/Chart.yaml', '02-network/values.yaml', '03-platform/x'],
        ['01-network/values.yaml', '02-platform/x'],
      ),
    ).toEqual(
      new Map([
        ['02-network/values.yaml', '01-network/values.yaml'],
        ['03-platform/x', '02-platform/x'],
      ]),
    )
  })
})
