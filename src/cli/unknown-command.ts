import {exit} from '@oclif/core/errors'
import type {Config} from '@oclif/core/interfaces'
import {closest} from '../errors.js'
import {USAGE_ERROR_EXIT} from './base-command.js'
import {invokedAs} from './helm-env.js'

/**
 * An unknown command (`prodstack iinit`, `prodstack help iinit`) is a usage error: one line with a
 * did-you-mean on stderr, or one JSON object on stdout under --json, and exit 2.
 */
export function reportUnknownCommand(config: Config, id: string, argv: readonly string[] = []): never {
  const name = id.replaceAll(':', ' ')
  const suggestion = closest(name, config.commandIDs)
  const bin = invokedAs(config.bin)
  const hint = suggestion ? `did you mean ${suggestion}?` : `see ${bin} --help`
  const message = `${bin} has no command "${name}"`
  if (argv.includes('--json')) {
    const error = {
      code: 'USAGE',
      message,
      problems: [{source: name, message, hint}],
      exitCode: USAGE_ERROR_EXIT,
    }
    process.stdout.write(`${JSON.stringify({status: 'error', error}, null, 2)}\n`)
  } else {
    process.stderr.write(`Error: ${message} (${hint})\n`)
  }
  return exit(USAGE_ERROR_EXIT)
}
