import * as Args from '@oclif/core/args'
import {Command} from '@oclif/core/command'
import {loadHelpClass} from '@oclif/core/help'

/**
 * `prodstack help [COMMAND]`: the same text as `prodstack [COMMAND] --help` (or `-h`). Like --help,
 * it takes whatever follows: `prodstack help plan --json` shows the help of plan.
 */
export default class HelpCommand extends Command {
  static override summary = 'Show help for prodstack or one of its commands.'
  static override examples = ['<%= config.bin %> help', '<%= config.bin %> help init']
  static override args = {
    command: Args.string({description: 'The command to show help for.', required: false}),
  }
  static override strict = false

  async run(): Promise<void> {
    // No flag parsing: help has none, and the words after `help` name what to show help for,
    // flags included, as with --help. (`parsed` tells oclif that skipping parse is deliberate.)
    this.parsed = true
    const Help = await loadHelpClass(this.config)
    const help = new Help(this.config, this.config.pjson.oclif.helpOptions ?? this.config.pjson.helpOptions)
    await help.showHelp(this.argv)
  }
}
