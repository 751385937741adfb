import {closeSync, fstatSync, openSync, readSync} from 'node:fs'
import {parseDocument} from 'yaml'
import {UserError} from '../errors.js'

/** Answers files are a few kilobytes; anything this large is a mistake or an attack. */
export const MAX_ANSWERS_FILE_BYTES = 256 * 1024

/** Aliases (`*name`) the loader expands at most; a "billion laughs" file needs far more. */
export const MAX_YAML_ALIASES = 100

const SIZE_HINT = 'answers files are a few kilobytes: check that --answers names the right file'

/** Reads a YAML or JSON answers file. Every failure is a UserError naming the file and a fix. */
export function readAnswersFile(file: string, kind = 'answers file'): unknown {
  const fail = (message: string, hint: string): never => {
    throw new UserError('ANSWERS_FILE_UNREADABLE', `Cannot read ${kind} ${file}`, [
      {source: file, message, hint},
    ])
  }
  const bytes = readBounded(file, fail)
  if (bytes.includes(0)) fail('is a binary file, not YAML or JSON', 'check the path given to --answers')
  const text = bytes.toString('utf8')
  if (text.trim() === '')
    fail('is empty', 'write at least `apiVersion: prodstack.dev/v1`, or run prodstack init without --answers')
  let doc: ReturnType<typeof parseDocument>
  try {
    doc = parseDocument(text, {prettyErrors: true, uniqueKeys: true})
  } catch (error) {
    // The parser recurses; a file nested thousands of levels deep exhausts the stack.
    return fail(`cannot be parsed: ${firstLine(error)}`, 'answers are a flat mapping with a few short lists')
  }
  if (doc.errors.length > 0) {
    const first = doc.errors[0]!
    const where = first.linePos?.[0]
      ? ` at line ${first.linePos[0].line}, column ${first.linePos[0].col}`
      : ''
    const what = firstLine(first).replace(/ at line \d+, column \d+:?$/, '')
    if (/call stack/i.test(what))
      fail(`is nested too deeply${where}`, 'answers are a flat mapping with a few short lists')
    fail(
      `is not valid YAML or JSON${where}: ${what}`,
      'fix the syntax there; prodstack init --yes writes a valid prodstack.yaml to start from',
    )
  }
  let value: unknown
  try {
    // Caps alias expansion, which defuses "billion laughs" files in bounded time and memory.
    value = doc.toJS({maxAliasCount: MAX_YAML_ALIASES})
  } catch (error) {
    const message = firstLine(error)
    return /alias/i.test(message)
      ? fail(
          `expands too many YAML aliases (more than ${MAX_YAML_ALIASES}): ${message}`,
          'write the answers out without *aliases; an answers file never needs them',
        )
      : fail(`cannot be loaded: ${message}`, 'answers are a flat mapping with a few short lists')
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    fail(
      'must contain a mapping of answers (key: value), not a list or a single value',
      'start from the prodstack.yaml that prodstack init writes',
    )
  }
  return value
}

function firstLine(error: unknown): string {
  return ((error as Error)?.message ?? String(error)).split('\n')[0]!.trim()
}

/**
 * Reads at most MAX_ANSWERS_FILE_BYTES + 1 bytes, whatever the file is: a regular file is refused by
 * its size before reading, and a device or pipe (`/dev/zero`, `/dev/stdin`) is never read past the cap.
 */
function readBounded(file: string, fail: (message: string, hint: string) => never): Buffer {
  let fd: number
  try {
    fd = openSync(file, 'r')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'EISDIR') return fail('is a directory', 'pass the prodstack.yaml file inside it')
    return fail(
      code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? firstLine(error)})`,
      'check the path given to --answers',
    )
  }
  try {
    const stat = fstatSync(fd)
    if (stat.isDirectory()) fail('is a directory', 'pass the prodstack.yaml file inside it')
    if (stat.isFile() && stat.size > MAX_ANSWERS_FILE_BYTES)
      fail(`is ${stat.size} bytes; answers files are at most ${MAX_ANSWERS_FILE_BYTES}`, SIZE_HINT)
    const buffer = Buffer.alloc(MAX_ANSWERS_FILE_BYTES + 1)
    let length = 0
    while (length < buffer.length) {
      let read: number
      try {
        read = readSync(fd, buffer, length, buffer.length - length, null)
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code
        if (code === 'EISDIR') return fail('is a directory', 'pass the prodstack.yaml file inside it')
        return fail(`cannot be read (${code ?? firstLine(error)})`, 'check the path given to --answers')
      }
      if (read === 0) break
      length += read
    }
    if (length > MAX_ANSWERS_FILE_BYTES)
      fail(`is more than ${MAX_ANSWERS_FILE_BYTES} bytes; answers files are at most that`, SIZE_HINT)
    return buffer.subarray(0, length)
  } finally {
    closeSync(fd)
  }
}
