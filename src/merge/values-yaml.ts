import {type Document, isAlias, isMap, type Node, type Pair, parseDocument, visit, type YAMLMap} from 'yaml'
import {
  applyComments,
  type CommentFields,
  extractComments,
  keyOf,
  mergeCommentFields,
  ROOT,
  sameComments,
} from './comments.js'
import {type Base, mergeTrees, type Strategy, UNKNOWN_BASE, type ValueConflict} from './three-way.js'
import {child, deepEqual, diffTrees, isTree, type Tree, type TreeChange} from './tree.js'

/** A values file read as a YAML document and as plain data. */
export interface ParsedValues {
  doc: Document
  tree: Tree
}

/** YAML aliases expanded at most while reading a values file (as for answers files). */
const MAX_ALIASES = 100

/** Parses values.yaml text; a string is why it cannot be read as values. */
export function parseValues(text: string): ParsedValues | string {
  let doc: Document
  try {
    doc = parseDocument(text, {uniqueKeys: true})
  } catch (error) {
    return `is not valid YAML: ${firstLine(error)}`
  }
  if (doc.errors.length > 0) return `is not valid YAML: ${firstLine(doc.errors[0])}`
  let tree: unknown
  try {
    tree = doc.toJS({maxAliasCount: MAX_ALIASES})
  } catch (error) {
    return `cannot be read: ${firstLine(error)}`
  }
  if (tree === null || tree === undefined) return {doc, tree: {}}
  if (!isTree(tree)) return 'is not a mapping of values'
  return {doc, tree}
}

function firstLine(error: unknown): string {
  return ((error as Error)?.message ?? String(error)).split('\n')[0]!.trim()
}

/** A hand edit: a value changed, added or removed, or a comment changed (`comment`). */
export interface ValuesEdit {
  path: string[]
  change: TreeChange['change'] | 'comment'
  from?: unknown
  to?: unknown
}

/** The hand edits of a values file: what differs from what prodstack wrote, values first, then comments. */
export function valuesEdits(base: ParsedValues, ours: ParsedValues): ValuesEdit[] {
  const edits: ValuesEdit[] = diffTrees(base.tree, ours.tree)
  const baseComments = extractComments(base.doc)
  const oursComments = extractComments(ours.doc)
  for (const key of new Set([...oursComments.keys(), ...baseComments.keys()])) {
    // A key added or removed by hand is one edit already, comments and all.
    if (key !== ROOT && !(oursComments.has(key) && baseComments.has(key))) continue
    if (sameComments(oursComments.get(key), baseComments.get(key))) continue
    const path = key === ROOT ? [] : (JSON.parse(key) as string[])
    // A value changed with its comment (`enabled: false # not yet`) is one edit.
    if (key !== ROOT && edits.some((edit) => edit.change !== 'comment' && deepEqual(edit.path, path)))
      continue
    edits.push({path, change: 'comment'})
  }
  return edits
}

export interface ValuesMerge {
  text: string
  /** Paths changed by hand and by prodstack, each differently; `text` holds the strategy's choice. */
  conflicts: ValueConflict[]
  /** Hand edits of sections prodstack no longer writes (a dependency left this chart): they are gone. */
  dropped: ValuesEdit[]
}

/**
 * Merges a values.yaml three ways: `base` is the text prodstack last wrote (UNKNOWN_BASE for a
 * stack without a record), `ours` what is on disk, `theirs` what prodstack writes now. Values merge
 * by YAML path (mergeTrees); the result is prodstack's new document with the hand edits applied,
 * so prodstack's `# --` comments stay current, and the user's own comments stay where they were.
 * Sections of dependencies the chart no longer has are dropped, with the edits made in them.
 * A string is why `ours` cannot be merged (not YAML, not a mapping).
 */
export function mergeValuesYaml(
  base: string | typeof UNKNOWN_BASE,
  oursText: string,
  theirsText: string,
  strategy?: Strategy,
): ValuesMerge | string {
  const unchanged = {conflicts: [], dropped: []}
  // Only one side changed the file, or both the same way: it is kept byte for byte.
  if (oursText === theirsText || oursText === base) return {text: theirsText, ...unchanged}
  const ours = parseValues(oursText)
  if (typeof ours === 'string') return ours
  if (theirsText === base) return {text: oursText, ...unchanged}
  const theirs = parseValues(theirsText)
  if (typeof theirs === 'string') throw new Error(`generated values ${theirs}`)
  const parsedBase = base === UNKNOWN_BASE ? undefined : parseValues(base)
  // A base that cannot be read (a record edited by hand) is no base.
  const baseValues = typeof parsedBase === 'object' ? parsedBase : undefined
  const known = baseValues !== undefined

  // Sections prodstack wrote and no longer writes: the dependency is gone, and so are its values.
  const dropped: ValuesEdit[] = []
  const oursTree: Tree = {...ours.tree}
  const baseTree: Tree | undefined = baseValues ? {...baseValues.tree} : undefined
  if (baseTree) {
    for (const alias of Object.keys(baseTree)) {
      if (Object.hasOwn(theirs.tree, alias)) continue
      dropped.push(...diffTrees(child(baseTree, alias), child(oursTree, alias), [alias]))
      delete baseTree[alias]
      delete oursTree[alias]
    }
  }
  const mergeBase: Base = known ? baseTree : UNKNOWN_BASE
  const {value, conflicts} = mergeTrees(mergeBase, oursTree, theirs.tree, strategy)
  const merged = (value ?? {}) as Tree

  const result = parseValues(theirsText) as ParsedValues
  reconcile(result.doc, merged, ours.doc, theirs.doc)
  const baseComments = baseValues ? extractComments(baseValues.doc) : new Map<string, CommentFields>()
  const oursComments = extractComments(ours.doc)
  const theirsComments = extractComments(theirs.doc)
  applyComments(result.doc, (key) =>
    mergeCommentFields(baseComments.get(key), oursComments.get(key), theirsComments.get(key), known),
  )
  return {text: result.doc.toString({lineWidth: 0}), conflicts, dropped}
}

function pairIn(map: YAMLMap | undefined, key: string): Pair | undefined {
  return map?.items.find((pair) => keyOf(pair as Pair) === key) as Pair | undefined
}

function mapAt(doc: Document, path: readonly string[]): YAMLMap | undefined {
  let node = doc.contents as Node | null
  for (const key of path) {
    if (!isMap(node)) return undefined
    node = (pairIn(node, key)?.value as Node | null) ?? null
  }
  return isMap(node) ? node : undefined
}

function hasAlias(node: Node): boolean {
  let found = false
  visit(node, {
    Alias: () => {
      found = true
      return visit.BREAK
    },
  })
  return found || isAlias(node)
}

/**
 * Changes `doc` (prodstack's new document) to hold exactly `merged`, reusing the nodes of the
 * side a value comes from (their quoting, their comments inside lists), and putting keys that only
 * the user has where the user put them.
 */
function reconcile(doc: Document, merged: Tree, ours: Document, theirs: Document): void {
  if (!isMap(doc.contents)) doc.contents = doc.createNode({}) as unknown as typeof doc.contents
  const docs = [ours, theirs]
  const nodeFor = (value: unknown, path: string[]): Node => {
    for (const source of docs) {
      const parent = mapAt(source, path.slice(0, -1))
      const node = pairIn(parent, path.at(-1)!)?.value as Node | null | undefined
      if (node && !hasAlias(node) && deepEqual(node.toJS(source), value)) return node.clone() as Node
    }
    return doc.createNode(value) as Node
  }
  const walk = (map: YAMLMap, tree: Tree, path: string[]) => {
    map.items = map.items.filter((pair) => Object.hasOwn(tree, keyOf(pair as Pair)))
    for (const [key, value] of Object.entries(tree)) {
      const here = [...path, key]
      const pair = pairIn(map, key)
      if (pair) {
        const node = pair.value as Node | null
        const current = node ? node.toJS(doc) : null
        if (deepEqual(current, value)) continue
        if (isMap(node) && isTree(value)) walk(node, value, here)
        else pair.value = nodeFor(value, here)
        continue
      }
      const created = doc.createPair(key, null)
      created.value = nodeFor(value, here)
      if (isMap(created.value) && isTree(value)) walk(created.value, value, here)
      map.items.splice(positionFor(map, key, path, docs), 0, created)
    }
  }
  walk(doc.contents as unknown as YAMLMap, merged, [])
}

/** Where a new key goes: after the nearest key before it (in the first side that has it) still present. */
function positionFor(map: YAMLMap, key: string, path: string[], docs: Document[]): number {
  for (const source of docs) {
    const sibling = mapAt(source, path)
    if (!sibling) continue
    const keys = sibling.items.map((pair) => keyOf(pair as Pair))
    const index = keys.indexOf(key)
    if (index < 0) continue
    for (let before = index - 1; before >= 0; before--) {
      const found = map.items.findIndex((pair) => keyOf(pair as Pair) === keys[before])
      if (found >= 0) return found + 1
    }
    return 0
  }
  return map.items.length
}
