import {readFileSync, statSync} from 'node:fs'
import {parseDocument} from 'yaml'
import {UserError} from '../errors.js'

/** Answers files are a few kilobytes; anything this large is a mistake or an attack. */
export const MAX_ANSWERS_FILE_BYTES = 256 * 1024

/** Reads a YAML or JSON answers file. Every failure is a UserError naming the file. */
export function readAnswersFile(file: string): unknown {
  const fail = (message: string, hint?: string): never => {
    throw new UserError('ANSWERS_FILE_UNREADABLE', `Cannot read answers file ${file}`, [
      {source: file, message, ...(hint ? {hint} : {})},
    ])
  }
  let size: number
  try {
    const stat = statSync(file)
    if (stat.isDirectory()) fail('is a directory', 'pass the prodstack.yaml file inside it')
    size = stat.size
  } catch (error) {
    if (error instanceof UserError) throw error
    return fail('does not exist or cannot be read', 'check the path given to --answers')
  }
  if (size > MAX_ANSWERS_FILE_BYTES)
    fail(`is ${size} bytes; answers files are at most ${MAX_ANSWERS_FILE_BYTES}`)
  const text = readFileSync(file, 'utf8')
  if (text.trim() === '')
    fail('is empty', 'write at least `apiVersion: prodstack.dev/v1`, or run prodstack init without --answers')
  // yaml caps alias expansion (maxAliasCount), which defuses "billion laughs" files.
  const doc = parseDocument(text, {prettyErrors: true, uniqueKeys: true})
  if (doc.errors.length > 0) {
    const first = doc.errors[0]!
    const where = first.linePos?.[0]
      ? ` at line ${first.linePos[0].line}, column ${first.linePos[0].col}`
      : ''
    fail(`is not valid YAML or JSON${where}: ${first.message.split('\n')[0]}`)
  }
  try {
    const value = doc.toJS({maxAliasCount: 100})
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      fail('must contain a mapping of answers (key: value), not a list or a single value')
    }
    return value
  } catch (error) {
    if (error instanceof UserError) throw error
    return fail(`cannot be loaded: ${(error as Error).message.split('\n')[0]}`)
  }
}
