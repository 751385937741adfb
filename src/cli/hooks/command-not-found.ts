import type {Hook} from '@oclif/core/hooks'
import {closest} from '../../errors.js'

/** An unknown command is a usage error (exit 2), with a did-you-mean, and one JSON object under --json. */
const hook: Hook<'command_not_found'> = async function (options) {
  const id = options.id
  const suggestion = closest(id, options.config.commandIDs)
  const hint = suggestion ? `did you mean ${suggestion}?` : `see ${options.config.bin} --help`
  const message = `${options.config.bin} has no command "${id}"`
  if (options.argv?.includes('--json')) {
    const error = {code: 'USAGE', message, problems: [{source: id, message, hint}], exitCode: 2}
    process.stdout.write(`${JSON.stringify({status: 'error', error}, null, 2)}\n`)
  } else {
    process.stderr.write(`Error: ${message} (${hint})\n`)
  }
  this.exit(2)
}

export default hook
