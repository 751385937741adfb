/**
 * Helm's `--set` syntax, for the answers' `values:`: `alias.path=value`, several separated by
 * commas, `\.` and `\,` escaped, `name[0]` for list items, `{a,b}` for a list, and Helm's typing
 * (`true`/`false`, `null`, integers; anything else is a string, as `--set` does; floats stay
 * strings). Pure: the flag's text in, a values tree or a message out.
 */
export type ValuesTree = Record<string, unknown>

const INTEGER = /^-?(0|[1-9][0-9]*)$/

/** Splits on `separator` outside `{...}`, keeping `\`-escaped separators. */
function splitUnescaped(text: string, separator: string): string[] {
  const parts: string[] = []
  let current = ''
  let depth = 0
  for (let index = 0; index < text.length; index++) {
    const char = text[index]!
    if (char === '\\' && index + 1 < text.length) {
      current += char + text[index + 1]
      index++
      continue
    }
    if (char === '{') depth++
    if (char === '}') depth = Math.max(0, depth - 1)
    if (char === separator && depth === 0) {
      parts.push(current)
      current = ''
      continue
    }
    current += char
  }
  parts.push(current)
  return parts
}

const unescapeText = (text: string) => text.replace(/\\(.)/g, '$1')

function typed(text: string): unknown {
  if (text === 'true') return true
  if (text === 'false') return false
  if (text === 'null') return null
  if (INTEGER.test(text) && Number.isSafeInteger(Number(text))) return Number(text)
  return unescapeText(text)
}

function parseValue(text: string): unknown {
  if (text.startsWith('{') && text.endsWith('}')) {
    const inner = text.slice(1, -1)
    return inner === '' ? [] : splitUnescaped(inner, ',').map((item) => typed(item))
  }
  return typed(text)
}

type Segment = {key: string} | {index: number}

function segmentsOf(path: string): Segment[] | string {
  const segments: Segment[] = []
  for (const part of splitUnescaped(path, '.')) {
    const match = /^(.*?)((?:\[\d+\])*)$/.exec(part)!
    const key = unescapeText(match[1]!)
    if (key === '') return `"${path}" has an empty key`
    if (key === '__proto__') return `"${path}": __proto__ is not a values key`
    segments.push({key})
    for (const index of match[2]!.matchAll(/\[(\d+)\]/g)) {
      const position = Number(index[1])
      // Helm caps list indexes too: a huge index would allocate a huge list.
      if (position > 1000) return `"${path}": list index ${position} is too large`
      segments.push({index: position})
    }
  }
  return segments
}

function put(tree: ValuesTree, segments: Segment[], value: unknown): void {
  let node: unknown = tree
  for (const [position, segment] of segments.entries()) {
    const last = position === segments.length - 1
    const next = segments[position + 1]
    // A map key or a list index: the container is indexed the same way either way.
    const container = node as Record<string | number, unknown>
    const at = 'key' in segment ? segment.key : segment.index
    if ('index' in segment) while ((node as unknown[]).length <= segment.index) (node as unknown[]).push(null)
    if (last) {
      container[at] = value
      continue
    }
    const wantsList = next !== undefined && 'index' in next
    const child = container[at]
    if (!(wantsList ? Array.isArray(child) : isTree(child))) container[at] = wantsList ? [] : {}
    node = container[at]
  }
}

export function isTree(value: unknown): value is ValuesTree {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** One `--set` flag's text as a values tree, or why it cannot be read. */
export function parseSet(text: string): ValuesTree | string {
  const tree: ValuesTree = {}
  for (const assignment of splitUnescaped(text, ',')) {
    const equals = assignment.search(/(?<!\\)=/)
    if (equals < 0) return `"${assignment}" has no =value (write alias.path=value)`
    const path = assignment.slice(0, equals)
    const segments = segmentsOf(path)
    if (typeof segments === 'string') return segments
    if (!('key' in segments[0]!) || segments.length < 2)
      return `"${path}" names no value inside a chart: start with the dependency alias, e.g. grafana.replicas=2`
    put(tree, segments, parseValue(assignment.slice(equals + 1)))
  }
  return tree
}

/** Maps merge key by key, the later one winning; lists and scalars are replaced, as Helm does. */
export function mergeValues(base: ValuesTree, over: ValuesTree): ValuesTree {
  const merged: ValuesTree = {}
  for (const source of [base, over]) {
    for (const [key, value] of Object.entries(source)) {
      const current = Object.hasOwn(merged, key) ? merged[key] : undefined
      // defineProperty: a key named __proto__ (YAML allows it) stays a key, never the prototype.
      Object.defineProperty(merged, key, {
        value: isTree(current) && isTree(value) ? mergeValues(current, value) : value,
        enumerable: true,
        writable: true,
        configurable: true,
      })
    }
  }
  return merged
}
