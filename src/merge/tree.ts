/**
 * Values as plain data (what a values.yaml parses to), compared and diffed by YAML path. Pure.
 * Lists are single values, as Helm treats them: a list is replaced, never merged item by item.
 */
export type Tree = Record<string, unknown>

export function isTree(value: unknown): value is Tree {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** A key's own value: never one an object inherits (`toString`, `constructor`). */
export function child(tree: unknown, key: string): unknown {
  return isTree(tree) && Object.hasOwn(tree, key) ? tree[key] : undefined
}

/** Sets a key as an own property, even `__proto__`. */
export function put(tree: Tree, key: string, value: unknown): void {
  Object.defineProperty(tree, key, {value, enumerable: true, writable: true, configurable: true})
}

/** Structural equality of plain data; the order of keys in a mapping does not count. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') {
    return Number.isNaN(a) && Number.isNaN(b)
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false
  if (Array.isArray(a)) {
    const other = b as unknown[]
    return a.length === other.length && a.every((item, index) => deepEqual(item, other[index]))
  }
  const left = a as Tree
  const right = b as Tree
  const keys = Object.keys(left)
  if (keys.length !== Object.keys(right).length) return false
  return keys.every((key) => Object.hasOwn(right, key) && deepEqual(left[key], right[key]))
}

/** The value at a path, or undefined when a key on the way is missing or not a mapping. */
export function valueAt(tree: unknown, path: readonly string[]): unknown {
  let node = tree
  for (const key of path) {
    if (!isTree(node) || !Object.hasOwn(node, key)) return undefined
    node = node[key]
  }
  return node
}

/**
 * A path as people read it: keys joined with dots, and a key that would be ambiguous that way
 * (`prometheus.io/scrape`, an empty key) in brackets: `annotations["prometheus.io/scrape"]`.
 */
export function formatPath(path: readonly string[]): string {
  let text = ''
  for (const key of path) {
    if (/^[A-Za-z0-9_$/-][A-Za-z0-9_$/-]*$/.test(key)) text += text === '' ? key : `.${key}`
    else text += `[${JSON.stringify(key)}]`
  }
  return text === '' ? '(root)' : text
}

export type ChangeKind = 'added' | 'changed' | 'removed'

/** One difference between two trees: `from` is missing for an added path, `to` for a removed one. */
export interface TreeChange {
  path: string[]
  change: ChangeKind
  from?: unknown
  to?: unknown
}

/**
 * The differences from one tree to another, at the deepest path where they differ: a key only on
 * one side is one change holding its whole value; a mapping on both sides is compared key by key.
 */
export function diffTrees(from: unknown, to: unknown, path: string[] = []): TreeChange[] {
  if (deepEqual(from, to)) return []
  if (from === undefined) return [{path, change: 'added', to}]
  if (to === undefined) return [{path, change: 'removed', from}]
  if (!isTree(from) || !isTree(to)) return [{path, change: 'changed', from, to}]
  const changes: TreeChange[] = []
  for (const key of unionKeys(from, to))
    changes.push(...diffTrees(child(from, key), child(to, key), [...path, key]))
  return changes
}

/** The keys of the first mapping in order, then those only the others have, in their order. */
export function unionKeys(...trees: Array<Tree | undefined>): string[] {
  const keys = new Set<string>()
  for (const tree of trees) if (tree) for (const key of Object.keys(tree)) keys.add(key)
  return [...keys]
}

/** Whether `path` is `prefix` or lies below it. */
export function isUnder(path: readonly string[], prefix: readonly string[]): boolean {
  return prefix.length <= path.length && prefix.every((key, index) => path[index] === key)
}
