import type {ErrorObject} from 'ajv'
import {type AnswersInput, answersSchema, type QuestionKey, questionMeta} from '../answers/schema.js'
import {closest, type Problem} from '../errors.js'
import validate from './generated/answers-validator.js'

/** Human names for patterns, so errors say "a DNS label" rather than a regular expression. */
const PATTERN_MEANING: Record<string, string> = {
  name: 'a DNS label: lower-case letters, digits and "-", starting with a letter',
  podCidr: 'an IPv4 CIDR such as 10.244.0.0/16 (prefix /8 to /28)',
  domain: 'a lower-case DNS domain such as example.com',
  tlsIssuer: 'a Kubernetes name such as letsencrypt-prod',
  secretName: 'a Kubernetes Secret name (lower-case letters, digits, "-" and ".")',
  secretKey: 'a Secret key (letters, digits, "-", "_" and ".")',
  to: 'an e-mail address',
  from: 'an e-mail address',
  smarthost: 'host:port',
  channel: 'a Slack channel such as #alerts',
  username: 'a user name without spaces or braces',
  values: 'a dependency alias such as grafana',
}

export type SourceNamer = (path: string[]) => string

/** Names problems after the answers file: `prodstack.yaml: logStore`. */
export function fileSource(file: string): SourceNamer {
  return (path) => (path.length === 0 ? file : `${file}: ${path.join('.')}`)
}

/** Names problems after the flag that set the value: `--log-store`. */
export const flagSource: SourceNamer = (path) => {
  const [key] = path
  const meta = key && key in answersSchema.properties ? safeMeta(key) : undefined
  return meta ? `--${meta.flag}` : `--${key ?? 'flags'}`
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
 * build time, and turns every error into a Problem that names the input and a fix.
 */
export function validateAnswersInput(input: unknown, source: SourceNamer): Problem[] {
  if (validate(input)) return []
  const errors = (validate.errors ?? []).filter(
    // `if/then` repeats the real error; ajv also reports an `enum` failure after a `type` failure.
    (error) => error.keyword !== 'if',
  )
  const seen = new Set<string>()
  const problems: Problem[] = []
  for (const error of errors) {
    const problem = describe(error, input, source)
    const key = `${problem.source}|${problem.message}`
    if (seen.has(key)) continue
    seen.add(key)
    problems.push(problem)
  }
  return problems
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
        hint: suggestion ? `did you mean ${suggestion}?` : undefined,
      }
    }
    case 'const':
      return {
        source: source(path),
        message: `${show(value)} is not ${show(error.params.allowedValue)}`,
        hint:
          last === 'apiVersion'
            ? `this prodstack reads answers of apiVersion ${show(error.params.allowedValue)}; regenerate the file with this version`
            : undefined,
      }
    case 'type':
      return {source: source(path), message: `expected ${error.params.type}, got ${show(value)}`}
    case 'pattern':
    case 'propertyNames': {
      const name = error.keyword === 'propertyNames' ? String(error.params.propertyName) : undefined
      return {
        source: source(name ? [...path, name] : path),
        message: `${show(name ?? value)} is not ${PATTERN_MEANING[last] ?? `in the expected format (${error.params.pattern})`}`,
      }
    }
    case 'maxLength':
      return {
        source: source(path),
        message: `${show(value)} is longer than ${error.params.limit} characters`,
        hint:
          last === 'name'
            ? 'Helm release names are <name>-<layer> and may not exceed 53 characters'
            : undefined,
      }
    case 'minLength':
      return {source: source(path), message: 'must not be empty'}
    case 'required':
      return {
        source: source(path),
        message: `missing "${error.params.missingProperty}"`,
        hint:
          error.params.missingProperty === 'apiVersion'
            ? `add apiVersion: ${answersSchema.properties.apiVersion.const}`
            : undefined,
      }
    case 'uniqueItems':
      return {source: source(path), message: 'lists the same item twice'}
    case 'maxItems':
      return {source: source(path), message: `has more than ${error.params.limit} items`}
    default:
      return {source: source(path), message: error.message ?? 'is invalid'}
  }
}

function knownKeys(path: string[]): string[] {
  if (path[0] === 'alertReceivers')
    return Object.keys(answersSchema.properties.alertReceivers.items.properties)
  return []
}

export type {AnswersInput}
