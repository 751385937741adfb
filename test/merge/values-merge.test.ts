import {describe, expect, it} from 'vitest'
import {parse} from 'yaml'
import type {AnswersInput} from '../../src/answers/schema.js'
import {renderStackFiles} from '../../src/app/stack.js'
import {mergeCommentLines} from '../../src/merge/comments.js'
import {mergeTrees, UNKNOWN_BASE} from '../../src/merge/three-way.js'
import {diffTrees, formatPath, isTree, type Tree} from '../../src/merge/tree.js'
import {mergeValuesYaml, type ValuesMerge} from '../../src/merge/values-yaml.js'
import type {Plan} from '../../src/plan/types.js'
import {chartOf, planFor} from '../support/plans.js'

const FILE = '20-network/values.yaml'
const MINIMAL: AnswersInput = {preset: 'minimal'}

function valuesOf(plan: Plan): string {
  return renderStackFiles(plan, '0.1.0').get(FILE)!
}

function merged(result: ValuesMerge | string): ValuesMerge {
  if (typeof result === 'string') throw new Error(result)
  return result
}

/** A prodstack upgrade: one value changed with its reason, one value added (for cilium). */
function catalogChange(): Plan {
  const plan = structuredClone(planFor(MINIMAL))
  const cilium = chartOf(plan, 'cilium')
  const mode = cilium.settings.find((setting) => setting.path.join('.') === 'ipam.mode')!
  mode.why = 'Reworded by a newer prodstack.'
  mode.value = 'multi-pool'
  cilium.settings.push({path: ['kubeProxyReplacement'], value: true, why: 'New in a newer prodstack.'})
  return plan
}

const base = valuesOf(planFor(MINIMAL))
const theirsCases: Array<[string, () => string, (text: string) => void]> = [
  [
    'a catalog change',
    () => valuesOf(catalogChange()),
    (text) => {
      expect(text).toContain('    # -- Reworded by a newer prodstack.\n    mode: multi-pool')
      expect(text).toContain('  # -- New in a newer prodstack.\n  kubeProxyReplacement: true')
      expect(text).not.toContain('Cilium allocates pod addresses')
    },
  ],
  [
    'an answer change',
    () => valuesOf(planFor({...MINIMAL, podCidr: '10.10.0.0/16'})),
    (text) => expect(text).toContain('- 10.10.0.0/16'),
  ],
]

interface Edit {
  apply: (text: string) => string
  /** The same edit on plain data, to compute the expected result. */
  onTree: (tree: Tree) => void
  /** Text the result must contain. */
  keeps: string[]
}

function replaceOnce(text: string, from: string, to: string): string {
  expect(text, `the generated values contain ${JSON.stringify(from)}`).toContain(from)
  return text.replace(from, to)
}

const UI = '    ui:\n      # -- Hubble UI shows service maps and dropped flows.\n      enabled: true\n'
const RELAY =
  '    relay:\n      # -- Hubble relay aggregates flow logs from every node.\n      enabled: true\n'
const cilium = (tree: Tree) => tree.cilium as Tree
const hubble = (tree: Tree) => cilium(tree).hubble as Tree

const edits: Array<[string, Edit]> = [
  [
    'a value changed',
    {
      apply: (text) => replaceOnce(text, UI, UI.replace('enabled: true', 'enabled: false # not yet')),
      onTree: (tree) => {
        ;(hubble(tree).ui as Tree).enabled = false
      },
      keeps: ['# -- Hubble UI shows service maps and dropped flows.\n      enabled: false # not yet'],
    },
  ],
  [
    'a key added',
    {
      apply: (text) =>
        replaceOnce(
          text,
          '  hubble:\n',
          '  # one operator is enough here\n  operator:\n    replicas: 1\n  hubble:\n',
        ),
      onTree: (tree) => {
        cilium(tree).operator = {replicas: 1}
      },
      keeps: ['  # one operator is enough here\n  operator:\n    replicas: 1\n  hubble:\n'],
    },
  ],
  [
    'a key deleted',
    {
      apply: (text) => replaceOnce(text, RELAY, ''),
      onTree: (tree) => {
        delete hubble(tree).relay
      },
      keeps: ['  hubble:\n    ui:\n'],
    },
  ],
  [
    'a comment added',
    {
      apply: (text) => replaceOnce(text, '  ipam:\n', '  # Keep in sync with the firewall rules.\n  ipam:\n'),
      onTree: () => {},
      keeps: ['  # Keep in sync with the firewall rules.\n  ipam:\n'],
    },
  ],
]

describe('merging a values.yaml three ways', () => {
  describe.each(theirsCases)('with %s', (_name, theirsOf, checkTheirs) => {
    const theirs = theirsOf()

    it.each(edits)('keeps %s by hand, and takes the change', (_edit, edit) => {
      const ours = edit.apply(base)
      const result = merged(mergeValuesYaml(base, ours, theirs))
      expect(result.conflicts).toEqual([])
      const expected = parse(theirs)
      edit.onTree(expected)
      expect(parse(result.text)).toEqual(expected)
      for (const text of edit.keeps) expect(result.text).toContain(text)
      checkTheirs(result.text)
      // The header and prodstack's comments for keys nobody touched are unchanged.
      expect(result.text.startsWith(base.split('\n\n')[0]!)).toBe(true)
      expect(result.text).toContain("# -- Install cilium; the dependency's condition.\n  enabled: true")
      // Merging again is a fixpoint and deterministic.
      expect(merged(mergeValuesYaml(theirs, result.text, theirs)).text).toBe(result.text)
      expect(merged(mergeValuesYaml(base, ours, theirs)).text).toBe(result.text)
    })

    it('keeps every kind of hand edit at once', () => {
      const ours = edits.reduce((text, [, edit]) => edit.apply(text), base)
      const result = merged(mergeValuesYaml(base, ours, theirs))
      expect(result.conflicts).toEqual([])
      const expected = parse(theirs)
      for (const [, edit] of edits) edit.onTree(expected)
      expect(parse(result.text)).toEqual(expected)
      for (const [, edit] of edits) for (const text of edit.keeps) expect(result.text).toContain(text)
    })
  })

  it('writes prodstack’s file byte for byte when nothing was edited by hand', () => {
    const theirs = valuesOf(catalogChange())
    expect(merged(mergeValuesYaml(base, base, theirs))).toEqual({text: theirs, conflicts: [], dropped: []})
  })

  it('keeps the hand-edited file byte for byte when prodstack changes nothing', () => {
    const ours = `${edits[0]![1].apply(base)}\n# a trailing note, with odd spacing:    kept\n`
    expect(merged(mergeValuesYaml(base, ours, base)).text).toBe(ours)
  })

  it('takes a change made the same way on both sides without a conflict', () => {
    const theirs = valuesOf(planFor({...MINIMAL, podCidr: '10.10.0.0/16'}))
    const ours = replaceOnce(base, '- 10.244.0.0/16', '- 10.10.0.0/16')
    const result = merged(mergeValuesYaml(base, ours, theirs))
    expect(result.conflicts).toEqual([])
    expect(result.text).toBe(theirs)
  })

  it('keeps keys added outside every dependency (Helm globals)', () => {
    const theirs = valuesOf(catalogChange())
    const ours = `${base}global:\n  imageRegistry: registry.example.com\n`
    const result = merged(mergeValuesYaml(base, ours, theirs))
    expect(parse(result.text).global).toEqual({imageRegistry: 'registry.example.com'})
  })

  it('drops the sections of a dependency the chart no longer has, with their hand edits', () => {
    // The same chart with Flannel in place of Cilium.
    const plan = planFor({...MINIMAL, cni: 'flannel'})
    expect(plan.layers[0]?.dir).toBe('20-network')
    const theirs = valuesOf(plan)
    const ours = edits[0]![1].apply(base)
    const result = merged(mergeValuesYaml(base, ours, theirs))
    expect(result.conflicts).toEqual([])
    expect(result.dropped).toEqual([
      {path: ['cilium', 'hubble', 'ui', 'enabled'], change: 'changed', from: true, to: false},
    ])
    expect(result.text).toBe(theirs)
  })

  it('refuses a values.yaml that is not YAML, or not a mapping', () => {
    expect(mergeValuesYaml(base, 'cilium: [', `${base}\n`)).toMatch(/^is not valid YAML/)
    expect(mergeValuesYaml(base, '- a\n- b\n', `${base}\n`)).toBe('is not a mapping of values')
  })
})

describe('conflicts', () => {
  const cidrTheirs = valuesOf(planFor({...MINIMAL, podCidr: '10.10.0.0/16'}))
  const cidrOurs = replaceOnce(base, '- 10.244.0.0/16', '- 10.30.0.0/16')
  const cidrPath = ['cilium', 'ipam', 'operator', 'clusterPoolIPv4PodCIDRList']

  it('lists both values, and the base, for a path both sides changed differently', () => {
    const result = merged(mergeValuesYaml(base, cidrOurs, cidrTheirs))
    expect(result.conflicts).toEqual([
      {
        path: cidrPath,
        baseKnown: true,
        base: ['10.244.0.0/16'],
        ours: ['10.30.0.0/16'],
        theirs: ['10.10.0.0/16'],
      },
    ])
  })

  it('settles them with a strategy: ours keeps the hand edit, theirs takes prodstack’s', () => {
    const ours = merged(mergeValuesYaml(base, cidrOurs, cidrTheirs, 'ours'))
    expect(ours.conflicts).toHaveLength(1)
    expect(parse(ours.text).cilium.ipam.operator.clusterPoolIPv4PodCIDRList).toEqual(['10.30.0.0/16'])
    const theirs = merged(mergeValuesYaml(base, cidrOurs, cidrTheirs, 'theirs'))
    expect(theirs.text).toBe(cidrTheirs)
  })

  it('conflicts when a key deleted by hand is changed by prodstack', () => {
    const plan = structuredClone(planFor(MINIMAL))
    const relay = chartOf(plan, 'cilium').settings.find((setting) => setting.path[1] === 'relay')!
    relay.value = false
    const ours = replaceOnce(base, RELAY, '')
    const result = merged(mergeValuesYaml(base, ours, valuesOf(plan)))
    expect(result.conflicts).toEqual([
      {
        path: ['cilium', 'hubble', 'relay'],
        baseKnown: true,
        base: {enabled: true},
        theirs: {enabled: false},
      },
    ])
  })

  it('conflicts when a value changed by hand is removed by prodstack', () => {
    const plan = structuredClone(planFor(MINIMAL))
    const chart = chartOf(plan, 'cilium')
    chart.settings = chart.settings.filter((setting) => setting.path[1] !== 'ui')
    const ours = edits[0]![1].apply(base)
    const result = merged(mergeValuesYaml(base, ours, valuesOf(plan)))
    expect(result.conflicts).toEqual([
      {path: ['cilium', 'hubble', 'ui'], baseKnown: true, base: {enabled: true}, ours: {enabled: false}},
    ])
  })

  it('without a record, counts every difference as a conflict', () => {
    const ours = edits[0]![1].apply(base)
    const result = merged(mergeValuesYaml(UNKNOWN_BASE, ours, cidrTheirs))
    expect(result.conflicts.map((conflict) => formatPath(conflict.path))).toEqual([
      'cilium.ipam.operator.clusterPoolIPv4PodCIDRList',
      'cilium.hubble.ui.enabled',
    ])
    expect(result.conflicts.every((conflict) => !conflict.baseKnown && !('base' in conflict))).toBe(true)
    // Nothing differs: nothing conflicts, and the file is prodstack's.
    expect(merged(mergeValuesYaml(UNKNOWN_BASE, cidrTheirs, cidrTheirs)).text).toBe(cidrTheirs)
  })

  it('without a record, keeps the user’s comments and takes prodstack’s `# --` comments', () => {
    const ours = edits[3]![1].apply(base)
    const result = merged(mergeValuesYaml(UNKNOWN_BASE, ours, valuesOf(catalogChange()), 'theirs'))
    expect(result.text).toContain('  # Keep in sync with the firewall rules.\n  ipam:\n')
    expect(result.text).toContain('# -- Reworded by a newer prodstack.')
    expect(result.text).not.toContain('Cilium allocates pod addresses')
  })
})

describe('merging trees', () => {
  it('merges mappings key by key and lists as single values', () => {
    expect(
      mergeTrees({a: 1, b: [1, 2], c: {d: 1}}, {a: 2, b: [1, 2], c: {d: 1, e: 1}}, {a: 1, b: [3], c: {d: 2}}),
    ).toEqual({value: {a: 2, b: [3], c: {d: 2, e: 1}}, conflicts: []})
  })

  it('conflicts on two different additions of the same key', () => {
    expect(mergeTrees({}, {a: 1}, {a: 2}).conflicts).toEqual([
      {path: ['a'], baseKnown: true, ours: 1, theirs: 2},
    ])
  })

  it('takes keys named like Object members as data', () => {
    const ours = JSON.parse('{"a": {"constructor": 1, "__proto__": {"x": 1}}, "toString": 2}')
    const result = mergeTrees({a: {}}, ours, {a: {}, b: 1})
    expect(result.conflicts).toEqual([])
    expect(Object.getPrototypeOf(result.value)).toBe(Object.prototype)
    expect(JSON.stringify(result.value)).toBe(
      '{"a":{"constructor":1,"__proto__":{"x":1}},"toString":2,"b":1}',
    )
    expect(diffTrees({}, {toString: 1})).toEqual([{path: ['toString'], change: 'added', to: 1}])
  })

  it('ignores the order of keys', () => {
    expect(mergeTrees({a: 1, b: 2}, {b: 2, a: 1}, {a: 1, b: 3})).toEqual({value: {a: 1, b: 3}, conflicts: []})
  })
})

describe('diffing trees', () => {
  it('reports each difference at the deepest path, with the old and new values', () => {
    expect(diffTrees({a: {b: 1, c: 2}, d: 1}, {a: {b: 2}, e: {f: 1}})).toEqual([
      {path: ['a', 'b'], change: 'changed', from: 1, to: 2},
      {path: ['a', 'c'], change: 'removed', from: 2},
      {path: ['d'], change: 'removed', from: 1},
      {path: ['e'], change: 'added', to: {f: 1}},
    ])
  })

  it('names paths unambiguously', () => {
    expect(formatPath(['grafana', 'podAnnotations', 'prometheus.io/scrape'])).toBe(
      'grafana.podAnnotations["prometheus.io/scrape"]',
    )
    expect(formatPath([])).toBe('(root)')
    expect(isTree([])).toBe(false)
  })
})

describe('merging comment lines', () => {
  it('keeps lines the user added next to the line they followed, under prodstack’s new text', () => {
    expect(mergeCommentLines(' -- old', ' my note\n -- old', ' -- new')).toBe(' my note\n -- new')
    expect(mergeCommentLines(' -- old', ' -- old\n my note', ' -- new')).toBe(' -- new\n my note')
  })

  it('keeps lines the user deleted deleted', () => {
    expect(mergeCommentLines(' a\n -- why', ' -- why', ' a\n -- new why')).toBe(' -- new why')
  })

  it('takes the only side that changed', () => {
    expect(mergeCommentLines(' x', ' x', ' y')).toBe(' y')
    expect(mergeCommentLines(' x', ' y', ' x')).toBe(' y')
    expect(mergeCommentLines(' x', undefined, ' x')).toBeUndefined()
  })
})
