import {child, deepEqual, isTree, put, type Tree, unionKeys} from './tree.js'

/** How to settle a conflict: keep the hand edit (`ours`) or take what prodstack generates (`theirs`). */
export type Strategy = 'ours' | 'theirs'
export const STRATEGIES: readonly Strategy[] = ['ours', 'theirs']

/**
 * The base of a stack written before prodstack recorded what it generated: prodstack cannot tell a
 * hand edit from its own older output, so every difference between the two sides is a conflict.
 */
export const UNKNOWN_BASE: unique symbol = Symbol('unknown base')
export type Base = unknown | typeof UNKNOWN_BASE

/** A path both sides changed, each differently. A missing `ours` or `theirs` means removed there. */
export interface ValueConflict {
  path: string[]
  /** False for a stack without a record: the base is not known, `base` is absent. */
  baseKnown: boolean
  base?: unknown
  ours?: unknown
  theirs?: unknown
}

export interface TreeMerge {
  /** The merged value; a conflict holds the side the strategy chose (ours without one). */
  value: unknown
  conflicts: ValueConflict[]
}

/**
 * Three-way merge by YAML path of what prodstack last generated (`base`), what is on disk (`ours`)
 * and what prodstack generates now (`theirs`). A path changed on one side only takes that side's
 * value; both sides changed the same way is no conflict; mappings are merged key by key; anything
 * else (two different values, or a change against a removal) is a conflict, settled by `strategy`.
 * `undefined` is a missing key.
 */
export function mergeTrees(base: Base, ours: unknown, theirs: unknown, strategy?: Strategy): TreeMerge {
  const conflicts: ValueConflict[] = []
  const value = merge(base, ours, theirs, [], strategy, conflicts)
  return {value, conflicts}
}

function merge(
  base: Base,
  ours: unknown,
  theirs: unknown,
  path: string[],
  strategy: Strategy | undefined,
  conflicts: ValueConflict[],
): unknown {
  if (deepEqual(ours, theirs)) return ours
  const known = base !== UNKNOWN_BASE
  if (known && deepEqual(base, ours)) return theirs
  if (known && deepEqual(base, theirs)) return ours
  if (isTree(ours) && isTree(theirs)) {
    const result: Tree = {}
    for (const key of unionKeys(ours, theirs)) {
      const below = known ? child(base, key) : UNKNOWN_BASE
      const value = merge(below, child(ours, key), child(theirs, key), [...path, key], strategy, conflicts)
      if (value !== undefined) put(result, key, value)
    }
    return result
  }
  conflicts.push({
    path,
    baseKnown: known,
    ...(known && base !== undefined ? {base} : {}),
    ...(ours !== undefined ? {ours} : {}),
    ...(theirs !== undefined ? {theirs} : {}),
  })
  return strategy === 'theirs' ? theirs : ours
}
