/**
 * A scanner for credentials in generated files, written independently of prodstack's own checks:
 * known default passwords, private keys, tokens and webhook URLs by their look, credential keys
 * (password, token, API key, ...) holding a literal rather than a reference, long random-looking
 * strings, and Secret manifests. prodstack writes credentials only as references to Secrets.
 */
import {parseAllDocuments} from 'yaml'

export interface Finding {
  file: string
  line: number
  rule: string
  text: string
}

/** Secrets by their look, wherever they appear (comments included). */
const BY_LOOK: Array<[rule: string, pattern: RegExp]> = [
  ['private key', /-----BEGIN ([A-Z0-9]+ )*PRIVATE KEY( BLOCK)?-----/],
  ['Slack webhook URL', /hooks\.slack\.com\/(services|workflows|triggers)\/[A-Za-z0-9]/],
  ['Slack token', /\bxox[abposr]-[A-Za-z0-9-]{10,}/],
  ['Microsoft Teams webhook URL', /webhook\.office\.com\/webhook|outlook\.office\.com\/webhook\//i],
  ['PagerDuty integration URL', /events\.pagerduty\.com\/(integration|generic)\/[A-Za-z0-9]{16,}/i],
  ['AWS access key', /\b(AKIA|ASIA)[A-Z0-9]{16}\b/],
  ['GitHub token', /\bgh[pousr]_[A-Za-z0-9]{30,}/],
  ['password in a URL', /\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@'"]+:(?!\$)[^\s@/'"]+@/i],
]

/**
 * Well-known default passwords, outside prose: a comment or schema description may say which
 * chart default prodstack replaces ("instead of the chart default ... password changeme").
 */
const DEFAULT_PASSWORDS: Array<[rule: string, pattern: RegExp]> = [
  ['known default password', /\b(prom-operator|changeme|change-me|admin123|password123)\b/i],
  [
    'default password elastic/admin',
    /\b(passw(or)?d|passwd)["']?(\s*[:=]\s*|\s+)["']?(elastic|admin|kibana|opensearch|root)["']?\s*$/i,
  ],
]
const PROSE = /^\s*(#|\/\/)|^\s*"description":/

/** Keys that hold a credential (compared lower-case, without "-", "_" and "."), by their ending. */
const CREDENTIAL_KEY =
  /(password|passwd|passphrase|token|apikey|clientsecret|routingkey|servicekey|integrationkey|privatekey|secretaccesskey|secretkeyvalue|credentials|authkey|webhookurl|bearer)$/

/** Values that refer to a credential held elsewhere (environment, file), or that hold none. */
const NOT_A_LITERAL =
  /^(|~|null|true|false|-?\d+(\.\d+)?|\{\}|\[\]|\{|\[|[|>][-+]?|\$\{(env:)?[A-Za-z_][A-Za-z0-9_]*\}|\$\([A-Za-z_][A-Za-z0-9_]*\)|\$__(env|file)\{[^}]+\}|#\{ENV\[['"][A-Za-z_][A-Za-z0-9_]*['"]\]\})$/

/** `key: value`, `"key": "value"`, `key = value`, or a config line `Key  value`. */
const KEY_VALUE = /^\s*(?:-\s+)?["']?([A-Za-z0-9_.-]+)["']?\s*(?:[:=]\s*(.*?)|\s+(\S+))\s*,?\s*$/

/** Long random-looking strings: hex, or base64 with upper case, lower case and digits. */
const HEX = /(?<![A-Za-z0-9:])[0-9a-f]{32,}(?![A-Za-z0-9])/i
const BASE64 = /(?<![A-Za-z0-9+/:])[A-Za-z0-9+/]{40,}={0,2}(?![A-Za-z0-9+/])/

function unquote(value: string): string {
  const trimmed = value.trim()
  return /^(["']).*\1$/.test(trimmed) ? trimmed.slice(1, -1) : trimmed
}

function randomLooking(text: string): string | undefined {
  const hex = HEX.exec(text)?.[0]
  if (hex && !/sha256:$/.test(text.slice(0, text.indexOf(hex)))) return hex
  const base64 = BASE64.exec(text)?.[0]
  if (base64 && /[A-Z]/.test(base64) && /[a-z]/.test(base64) && /[0-9]/.test(base64)) return base64
  return undefined
}

const isLiteral = (value: unknown): value is string =>
  typeof value === 'string' && !NOT_A_LITERAL.test(value.trim())
const isCredentialKey = (key: string) => CREDENTIAL_KEY.test(key.toLowerCase().replace(/[-_.]/g, ''))

/**
 * Credential keys holding a literal anywhere in a parsed tree (flow style, JSON on one line), and
 * in a schema, credential properties with a literal default.
 */
function treeFindings(tree: unknown, path: string[], found: string[]): void {
  if (Array.isArray(tree)) {
    tree.forEach((item, index) => {
      treeFindings(item, [...path, String(index)], found)
    })
    return
  }
  if (typeof tree !== 'object' || tree === null) return
  for (const [key, value] of Object.entries(tree)) {
    const here = [...path, key]
    if (isCredentialKey(key)) {
      if (isLiteral(value)) found.push(here.join('.'))
      const spec = value as Record<string, unknown> | null
      for (const field of ['default', 'const', 'example'])
        if (typeof spec === 'object' && spec !== null && isLiteral(spec[field]))
          found.push(`${here.join('.')}.${field}`)
    }
    treeFindings(value, here, found)
  }
}

function parsed(file: string, text: string): unknown[] {
  try {
    if (file.endsWith('.json')) return [JSON.parse(text)]
    // Helm templates are not YAML until rendered: the line rules cover them.
    if (/\.ya?ml$/.test(file) && !/(^|\/)templates\//.test(file))
      return parseAllDocuments(text, {logLevel: 'silent'}).map((doc) => doc.toJS())
  } catch {
    // Not parseable as a whole (e.g. a template): the line rules still apply.
  }
  return []
}

/** Every finding in one file. */
export function scanText(file: string, text: string): Finding[] {
  const findings: Finding[] = []
  const lines = text.split('\n')
  lines.forEach((content, index) => {
    const add = (rule: string) =>
      findings.push({file, line: index + 1, rule, text: content.trim().slice(0, 120)})
    for (const [rule, pattern] of BY_LOOK) if (pattern.test(content)) add(rule)
    const random = randomLooking(content)
    if (random) add('long random-looking string')
    if (PROSE.test(content)) return
    for (const [rule, pattern] of DEFAULT_PASSWORDS) if (pattern.test(content)) add(rule)
    const match = KEY_VALUE.exec(content)
    if (!match) return
    if (isCredentialKey(match[1]!) && isLiteral(unquote(match[2] ?? match[3] ?? '')))
      add(`credential key ${match[1]} with a literal value`)
  })
  const inTree: string[] = []
  for (const tree of parsed(file, text)) treeFindings(tree, [], inTree)
  for (const path of inTree)
    findings.push({file, line: 0, rule: 'credential key with a literal value', text: path})
  if (/(^|\/)templates\//.test(file) && /^kind:\s*Secret\s*$/m.test(text))
    findings.push({file, line: 0, rule: 'Secret manifest', text: 'kind: Secret'})
  return findings
}
