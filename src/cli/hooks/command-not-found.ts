import type {Hook} from '@oclif/core/hooks'
import {reportUnknownCommand} from '../unknown-command.js'

/** An unknown command is a usage error (exit 2), with a did-you-mean, and one JSON object under --json. */
const hook: Hook<'command_not_found'> = async (options) => {
  reportUnknownCommand(options.config, options.id, options.argv)
}

export default hook
