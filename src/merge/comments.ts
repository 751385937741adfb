import {type Document, isMap, isScalar, type Node, type Pair, type YAMLMap} from 'yaml'

/**
 * The comments of a values.yaml by YAML path, so they can be merged three ways like the values.
 * The parser attaches a comment above the first key of a mapping to the mapping, and one above
 * any other key to the key; here both belong to the key's path (`before`), which is also where
 * prodstack's `# --` comments sit.
 */
export interface CommentFields {
  /** Lines above the key. */
  before?: string
  /** A comment after the key, on its line, before a nested value. */
  keyLine?: string
  /** Lines between the key and a scalar or list value. */
  valueBefore?: string
  /** A comment after the value on its line, or after a nested mapping's last entry. */
  valueLine?: string
}

const FIELDS = ['before', 'keyLine', 'valueBefore', 'valueLine'] as const

/** The comments of the document itself sit at the root path (the empty key). */
export const ROOT = ''

export function pathKey(path: readonly string[]): string {
  return path.length === 0 ? ROOT : JSON.stringify(path)
}

export function keyOf(pair: Pair): string {
  const key = pair.key
  if (isScalar(key)) return String(key.value)
  return String(key)
}

function joined(...parts: Array<string | null | undefined>): string | undefined {
  const present = parts.filter((part): part is string => typeof part === 'string' && part !== '')
  return present.length > 0 ? present.join('\n') : undefined
}

function fieldsOf(fields: CommentFields): CommentFields {
  const result: CommentFields = {}
  for (const field of FIELDS) if (fields[field] !== undefined) result[field] = fields[field]
  return result
}

/** Every comment of a document, by path. */
export function extractComments(doc: Document): Map<string, CommentFields> {
  const comments = new Map<string, CommentFields>()
  const contents = doc.contents as Node | null
  const rootMap = isMap(contents) && contents.items.length > 0
  comments.set(
    ROOT,
    fieldsOf({
      before: joined(doc.commentBefore, rootMap ? undefined : contents?.commentBefore),
      valueLine: joined(contents?.comment, doc.comment),
    }),
  )
  const walk = (map: YAMLMap, path: string[]) => {
    map.items.forEach((pair, index) => {
      const child = [...path, keyOf(pair)]
      const key = pair.key as Node | null
      const value = pair.value as Node | null
      const nested = isMap(value) && value.items.length > 0
      comments.set(
        pathKey(child),
        fieldsOf({
          before: joined(index === 0 ? map.commentBefore : undefined, key?.commentBefore),
          keyLine: joined(key?.comment),
          valueBefore: nested ? undefined : joined(value?.commentBefore),
          valueLine: joined(value?.comment),
        }),
      )
      if (nested) walk(value, child)
    })
  }
  if (rootMap) walk(contents, [])
  return comments
}

/** Sets the comments of a document from `commentsAt` (path → fields), the way extractComments reads them. */
export function applyComments(doc: Document, commentsAt: (key: string) => CommentFields): void {
  const contents = doc.contents as Node | null
  const rootMap = isMap(contents) && contents.items.length > 0
  const root = commentsAt(ROOT)
  doc.commentBefore = root.before ?? null
  doc.comment = root.valueLine ?? null
  if (contents) {
    contents.commentBefore = undefined
    contents.comment = undefined
  }
  const walk = (map: YAMLMap, path: string[]) => {
    map.commentBefore = undefined
    for (const pair of map.items) {
      const child = [...path, keyOf(pair)]
      const fields = commentsAt(pathKey(child))
      const key = pair.key as Node | null
      const value = pair.value as Node | null
      const nested = isMap(value) && value.items.length > 0
      if (key) {
        key.commentBefore = fields.before
        key.comment = fields.keyLine
      }
      if (value) {
        if (!nested) value.commentBefore = fields.valueBefore
        value.comment = fields.valueLine
      }
      if (nested) walk(value, child)
    }
  }
  if (rootMap) walk(contents, [])
}

function lines(text: string | undefined): string[] {
  return text === undefined || text === '' ? [] : text.split('\n')
}

function counts(list: string[]): Map<string, number> {
  const result = new Map<string, number>()
  for (const line of list) result.set(line, (result.get(line) ?? 0) + 1)
  return result
}

/**
 * Three-way merge of a comment, line by line: lines the user added stay where they were (after the
 * line they followed), lines the user deleted stay deleted, and everything else is prodstack's
 * new text — so a `# --` line whose reason changed is updated under the user's own note.
 */
export function mergeCommentLines(
  base: string | undefined,
  ours: string | undefined,
  theirs: string | undefined,
): string | undefined {
  if (ours === theirs) return ours
  if (base === ours) return theirs
  if (base === theirs) return ours
  const baseCounts = counts(lines(base))
  const oursCounts = counts(lines(ours))
  const deleted = new Map<string, number>()
  for (const [line, count] of baseCounts) {
    const gone = count - (oursCounts.get(line) ?? 0)
    if (gone > 0) deleted.set(line, gone)
  }
  const result: string[] = []
  for (const line of lines(theirs)) {
    const pending = deleted.get(line) ?? 0
    if (pending > 0) deleted.set(line, pending - 1)
    else result.push(line)
  }
  const baseLines = lines(base)
  const unmatched = new Map(baseCounts)
  let position = -1
  let inserted = 0
  for (const line of lines(ours)) {
    const fromBase = unmatched.get(line) ?? 0
    if (fromBase > 0) {
      // A line prodstack wrote before: follow it in the result, or the line that replaced it there.
      unmatched.set(line, fromBase - 1)
      const found = result.indexOf(line, position + 1)
      const replaced = Math.min(baseLines.indexOf(line) + inserted, result.length - 1)
      position = found >= 0 ? found : Math.max(position, replaced)
      continue
    }
    result.splice(position + 1, 0, line)
    position += 1
    inserted += 1
  }
  return result.length > 0 ? result.join('\n') : undefined
}

/** prodstack's own comment lines: helm-docs `# --` lines. */
const GENERATED_LINE = /^\s*--(\s|$)/

/**
 * Without a record of what prodstack wrote, the lines of `ours` that prodstack writes now, or that
 * are `# --` lines, are taken as its own; the rest are the user's.
 */
export function guessCommentBase(ours: string | undefined, theirs: string | undefined): string | undefined {
  const generated = new Set(lines(theirs))
  return joined(...lines(ours).filter((line) => generated.has(line) || GENERATED_LINE.test(line)))
}

export function mergeCommentFields(
  base: CommentFields | undefined,
  ours: CommentFields | undefined,
  theirs: CommentFields | undefined,
  baseKnown: boolean,
): CommentFields {
  const result: CommentFields = {}
  for (const field of FIELDS) {
    const o = ours?.[field]
    const t = theirs?.[field]
    const b = baseKnown ? base?.[field] : guessCommentBase(o, t)
    const merged = mergeCommentLines(b, o, t)
    if (merged !== undefined) result[field] = merged
  }
  return result
}

export function sameComments(a: CommentFields | undefined, b: CommentFields | undefined): boolean {
  return FIELDS.every((field) => (a?.[field] ?? undefined) === (b?.[field] ?? undefined))
}
