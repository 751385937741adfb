// The Node.js version check, run before anything else is loaded. This file must parse and run on
// any Node.js from 18 on: no syntax, export or global newer than that.

/** The oldest supported Node.js: the `engines.node` floor in package.json. */
export const MINIMUM_NODE = '22.12.0'

function parts(version) {
  return String(version)
    .replace(/^v/, '')
    .split('.')
    .map((part) => Number.parseInt(part, 10) || 0)
}

/** True when `version` (e.g. "20.20.2") is older than MINIMUM_NODE. */
export function isUnsupportedNode(version) {
  const found = parts(version)
  const minimum = parts(MINIMUM_NODE)
  for (let i = 0; i < minimum.length; i++) {
    if ((found[i] || 0) !== minimum[i]) return (found[i] || 0) < minimum[i]
  }
  return false
}

/** What to tell a user of `version`: two lines, or undefined when the version is supported. */
export function unsupportedNodeMessage(version) {
  if (!isUnsupportedNode(version)) return undefined
  const [major] = parts(version)
  const [minimumMajor, minimumMinor] = parts(MINIMUM_NODE)
  // "22 or newer" is enough to say to someone on Node 20; on 22.x the minor version matters.
  const needed = major < minimumMajor ? `${minimumMajor}` : `${minimumMajor}.${minimumMinor}`
  return [
    `prodstack needs Node.js ${needed} or newer (found v${String(version).replace(/^v/, '')})`,
    `Install a current LTS release from https://nodejs.org/en/download or with a version manager (nvm install --lts), and put it first on PATH.`,
  ]
}

/**
 * Checks the running Node.js and returns whether the CLI may start. When it is too old, says so:
 * on stderr, or as one JSON error object on stdout with --json, like every other error.
 */
export function checkNode(options) {
  const opts = options || {}
  const version = opts.version || process.versions.node
  const argv = opts.argv || process.argv.slice(2)
  const stdout = opts.stdout || process.stdout
  const stderr = opts.stderr || process.stderr
  const lines = unsupportedNodeMessage(version)
  if (!lines) return true
  if (argv.indexOf('--json') !== -1) {
    const problem = {source: 'node', message: lines[0], hint: lines[1]}
    const error = {code: 'UNSUPPORTED_NODE', message: lines[0], problems: [problem], exitCode: 1}
    stdout.write(`${JSON.stringify({status: 'error', error}, null, 2)}\n`)
  } else {
    stderr.write(`Error: ${lines.join('\n')}\n`)
  }
  return false
}
