import type {ErrorObject} from 'ajv'
import {
  ANSWERS_API_VERSION,
  type AnswersInput,
  answersSchema,
  type QuestionKey,
  questionMeta,
} from '../answers/schema.js'
import {closest, type Problem} from '../errors.js'
import validate from './generated/answers-validator.js'

/** Human names for patterns, so errors say "a DNS label" rather than a regular expression. */
const PATTERN_MEANING: Record<string, string> = {
  name: 'a DNS label: lower-case letters, digits and "-", starting with a letter',
  podCidr: 'an IPv4 CIDR with a prefix from /8 to /28',
  domain: 'a lower-case DNS domain',
  tlsIssuer: 'a Kubernetes name: lower-case letters, digits and "-"',
  secretName: 'a Kubernetes Secret name (lower-case letters, digits, "-" and ".")',
  secretKey: 'a Secret key (letters, digits, "-", "_" and ".")',
  to: 'an e-mail address',
  from: 'an e-mail address',
  smarthost: 'host:port',
  channel: 'a Slack channel name',
  username: 'a user name without spaces or braces',
  namespace: 'a Kubernetes namespace name: lower-case letters, digits and "-"',
  values: 'a dependency alias (a DNS label)',
}

/** An example that passes, offered as the fix for a value in the wrong format. */
const PATTERN_EXAMPLE: Record<string, string> = {
  name: 'for example my-stack',
  podCidr: 'for example 10.244.0.0/16',
  domain: 'for example example.com, without a scheme, port or path',
  tlsIssuer: 'for example letsencrypt-prod',
  namespace: 'for example platform',
  secretName: 'for example alertmanager-receivers',
  secretKey: 'for example slack-url',
  to: 'for example oncall@example.com',
  from: 'for example alertmanager@example.com',
  smarthost: 'for example smtp.example.com:587',
  channel: 'for example #alerts',
  username: 'for example alertmanager',
  values: 'use an alias that `prodstack plan` lists for your stack, such as grafana',
}

export type SourceNamer = (path: string[]) => string

/** Names problems after the answers file: `prodstack.yaml: logStore`. */
export function fileSource(file: string): SourceNamer {
  return (path) => (path.length === 0 ? file : `${file}: ${path.join('.')}`)
}

/** Names problems after the flag that set the value: `--log-store`. */
export const flagSource: SourceNamer = (path) => {
  const [key, index, field] = path
  const meta = key && key in answersSchema.properties ? safeMeta(key) : undefined
  if (!meta) return `--${key ?? 'flags'}`
  // Receivers are repeatable: say which one, and which of its options.
  if (key === 'alertReceivers' && index !== undefined && /^\d+$/.test(index))
    return `--${meta.flag} #${Number(index) + 1}${field ? ` ${field}` : ''}`
  return `--${meta.flag}`
}

function safeMeta(key: string) {
  try {
    return questionMeta(key as QuestionKey)
  } catch {
    return undefined
  }
}

/**
 * Checks answers (from a file or flags) against the answers schema with the validator compiled at
 * build time, and turns every error into a Problem that names the input and a fix. The `values`
 * escape hatch is checked for plain data too: what YAML can hold but values.yaml and Helm's schema
 * check cannot (binary, timestamps, .inf, a `__proto__` key) is refused here, not lost on the way.
 */
/** A compiled answers validator: the build's, or one compiled for another catalog (tests). */
export type AnswersValidator = ((input: unknown) => boolean) & {errors?: ErrorObject[] | null}

export function validateAnswersInput(
  input: unknown,
  source: SourceNamer,
  validator: AnswersValidator = validate as AnswersValidator,
): Problem[] {
  const problems: Problem[] = []
  const seen = new Set<string>()
  const add = (problem: Problem) => {
    const key = `${problem.source}|${problem.message}`
    if (seen.has(key)) return
    seen.add(key)
    problems.push(problem)
  }
  if (!validator(input)) {
    // `if/then` repeats the real error; ajv also reports an `enum` failure after a `type` failure.
    const errors = (validator.errors ?? []).filter((error) => error.keyword !== 'if')
    const typeErrors = new Set(errors.filter((error) => error.keyword === 'type').map((e) => e.instancePath))
    for (const error of errors) {
      if (error.keyword === 'enum' && typeErrors.has(error.instancePath)) continue
      add(describe(error, input, source))
    }
  }
  const values = (input as {values?: unknown} | null)?.values
  if (isPlainMap(values)) {
    for (const [alias, section] of Object.entries(values))
      plainDataProblems(section, ['values', alias], source, add)
  }
  return problems
}

/** Deeper than this, a values tree is a mistake or an attack (and would strain every recursive step). */
const MAX_VALUES_DEPTH = 64

function isPlainMap(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  const prototype = Object.getPrototypeOf(value)
  return prototype === Object.prototype || prototype === null
}

function plainDataProblems(
  value: unknown,
  path: string[],
  source: SourceNamer,
  add: (p: Problem) => void,
): void {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return
  if (typeof value === 'number') {
    if (!Number.isFinite(value))
      add({
        source: source(path),
        message: `${String(value)} is not a finite number`,
        hint: 'Helm cannot check .inf or .nan against a values schema: write a number, or quote the text',
      })
    return
  }
  if (path.length > MAX_VALUES_DEPTH) {
    add({
      source: source(path.slice(0, 3)),
      message: `is nested more than ${MAX_VALUES_DEPTH} levels deep`,
      hint: 'chart values are a few levels deep; check the file for a runaway structure',
    })
    return
  }
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      plainDataProblems(item, [...path, String(index)], source, add)
    })
    return
  }
  if (!isPlainMap(value)) {
    const kind =
      value instanceof Uint8Array
        ? 'binary data'
        : value instanceof Date
          ? 'a timestamp'
          : 'a special YAML type'
    add({
      source: source(path),
      message: `is ${kind}, which values.yaml cannot hold as given`,
      hint: 'write a string, number, true/false, list or mapping (no !!binary, !!timestamp or !!set)',
    })
    return
  }
  for (const key of Object.keys(value)) {
    if (key === '__proto__') {
      add({
        source: source([...path, key]),
        message: 'the key "__proto__" cannot be written to values.yaml',
        hint: 'remove it; no chart reads a key of that name',
      })
      continue
    }
    plainDataProblems(value[key], [...path, key], source, add)
  }
}

function pathOf(error: ErrorObject): string[] {
  return error.instancePath
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
}

function valueAt(input: unknown, path: string[]): unknown {
  let node = input
  for (const key of path) node = (node as Record<string, unknown> | undefined)?.[key]
  return node
}

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value)
  return text.length > 60 ? `${text.slice(0, 57)}...` : text
}

interface SchemaNode {
  type?: string
  enum?: readonly unknown[]
  items?: SchemaNode
  properties?: Record<string, SchemaNode>
  additionalProperties?: unknown
}

/** The part of the answers schema that describes the value at `path`. */
function schemaAt(path: string[]): SchemaNode | undefined {
  let node: SchemaNode | undefined = answersSchema as unknown as SchemaNode
  for (const part of path) {
    if (!node) return undefined
    if (node.type === 'array') node = node.items
    else if (node.properties && part in node.properties) node = node.properties[part]
    else if (typeof node.additionalProperties === 'object') node = node.additionalProperties as SchemaNode
    else return undefined
  }
  return node
}

/** How to write a value of the expected type, as a fix for a type error. */
function typeHint(path: string[]): string {
  const node = schemaAt(path)
  if (node?.enum) return `use one of: ${node.enum.join(', ')}`
  switch (node?.type) {
    case 'boolean':
      return 'use true or false'
    case 'array':
      return node.items?.enum
        ? `use a list, e.g. [${node.items.enum[0]}]`
        : 'use a list of receivers, each a mapping with type, secretName and secretKey'
    case 'object':
      return path[0] === 'values'
        ? "use a mapping of that chart's values, e.g. grafana: {replicas: 2}"
        : 'use a mapping of key: value pairs'
    case 'string':
      return 'write it as text; quote it if YAML reads it as a number, date or true/false'
    default:
      return 'see schemas/answers.schema.json for the expected type'
  }
}

/** The fix for an apiVersion this prodstack does not read: migration advice, not just "wrong". */
function apiVersionHint(value: unknown): string {
  const current = ANSWERS_API_VERSION
  const match = typeof value === 'string' ? /^prodstack\.dev\/v(\d+)$/.exec(value) : null
  if (match && Number(match[1]) > 1)
    return `this file was written for a newer prodstack: upgrade prodstack (helm plugin update prodstack, or npm install -g prodstack@latest), or regenerate the file with this version's prodstack init`
  return `this prodstack reads apiVersion ${current} only: set apiVersion: ${current} and run prodstack validate to check the other keys`
}

function describe(error: ErrorObject, input: unknown, source: SourceNamer): Problem {
  const path = pathOf(error)
  const value = valueAt(input, path)
  const last = path.filter((part) => !/^\d+$/.test(part)).at(-1) ?? ''
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(error.params.additionalProperty)
      const known = path.length === 0 ? Object.keys(answersSchema.properties) : knownKeys(path)
      const suggestion = closest(key, known)
      return {
        source: source([...path, key]),
        message: `unknown key "${key}"`,
        hint: suggestion ? `did you mean ${suggestion}?` : `known keys: ${known.join(', ')}`,
      }
    }
    case 'enum': {
      const allowed = (error.params.allowedValues as string[]).map(String)
      const suggestion = typeof value === 'string' ? closest(value, allowed) : undefined
      return {
        source: source(path),
        message: `${show(value)} is not one of ${allowed.join(', ')}`,
        hint: suggestion ? `did you mean ${suggestion}?` : 'prodstack catalog describes each choice',
      }
    }
    case 'const':
      return {
        source: source(path),
        message: `${show(value)} is not ${show(error.params.allowedValue)}`,
        hint: last === 'apiVersion' ? apiVersionHint(value) : `use ${show(error.params.allowedValue)}`,
      }
    case 'type':
      return {
        source: source(path),
        message: `expected ${error.params.type}, got ${show(value)}`,
        hint: typeHint(path),
      }
    case 'pattern':
    case 'propertyNames': {
      // A propertyNames failure arrives twice: as the inner `pattern` error (with propertyName) and on its own.
      const name = error.keyword === 'propertyNames' ? String(error.params.propertyName) : error.propertyName
      const key = name === undefined ? last : (path.at(-1) ?? '')
      return {
        source: source(name === undefined ? path : [...path, name]),
        message: `${show(name ?? value)} is not ${PATTERN_MEANING[key] ?? safeMeta(key)?.patternMeaning ?? `in the expected format (${error.params.pattern})`}`,
        hint:
          PATTERN_EXAMPLE[key] ??
          safeMeta(key)?.example ??
          'see schemas/answers.schema.json for the expected format',
      }
    }
    case 'maxLength':
      return {
        source: source(path),
        message: `${show(value)} is longer than ${error.params.limit} characters`,
        hint:
          last === 'name'
            ? 'Helm release names are <name>-<layer> and may not exceed 53 characters'
            : `shorten it to at most ${error.params.limit} characters`,
      }
    case 'minLength':
      return {
        source: source(path),
        message: 'must not be empty',
        hint: 'give a value, or leave the key out to take the default',
      }
    case 'required': {
      const missing = String(error.params.missingProperty)
      return {
        source: source(path),
        message: `missing "${missing}"`,
        hint:
          missing === 'apiVersion'
            ? `add apiVersion: ${ANSWERS_API_VERSION}`
            : `add ${missing}${PATTERN_EXAMPLE[missing] ? `, ${PATTERN_EXAMPLE[missing]}` : ''}`,
      }
    }
    case 'uniqueItems':
      return {source: source(path), message: 'lists the same item twice', hint: 'list each item once'}
    case 'maxItems':
      return {
        source: source(path),
        message: `has more than ${error.params.limit} items`,
        hint: `keep at most ${error.params.limit}`,
      }
    default:
      return {
        source: source(path),
        message: error.message ?? 'is invalid',
        hint: 'see schemas/answers.schema.json for what is expected',
      }
  }
}

function knownKeys(path: string[]): string[] {
  if (path[0] === 'alertReceivers') {
    const receivers = (answersSchema.properties as Record<string, unknown>).alertReceivers as {
      items: {properties: Record<string, unknown>}
    }
    return Object.keys(receivers.items.properties)
  }
  return []
}

export type {AnswersInput}
