import {CommandHelp, Help} from '@oclif/core/help'
import type {Config, HelpOptions} from '@oclif/core/interfaces'
import {invokedAs} from './helm-env.js'
import {reportUnknownCommand} from './unknown-command.js'

/** Spaces that separate the words of a usage line; those inside `[...]`, `<...>` and `(...)` do not. */
function usageWords(line: string): string[] {
  const words: string[] = []
  let depth = 0
  let word = ''
  for (const char of line) {
    if (char === ' ' && depth === 0) {
      if (word) words.push(word)
      word = ''
      continue
    }
    if ('[<('.includes(char)) depth++
    else if (']>)'.includes(char)) depth = Math.max(0, depth - 1)
    word += char
  }
  if (word) words.push(word)
  return words
}

/**
 * Wraps a usage line between its words only, so a flag and its value (`[-p <value>]`) always stay
 * on one line; continuation lines are indented under the command.
 */
export function wrapUsage(line: string, width: number, indent: number): string {
  const lines: string[] = []
  let current = ''
  for (const word of usageWords(line)) {
    const limit = lines.length === 0 ? width : width - indent
    if (current && current.length + 1 + word.length > limit) {
      lines.push(current)
      current = word
    } else {
      current = current ? `${current} ${word}` : word
    }
  }
  if (current) lines.push(current)
  return lines.map((text, index) => (index === 0 ? text : `${' '.repeat(indent)}${text}`)).join('\n')
}

class ProdstackCommandHelp extends CommandHelp {
  protected override usage(): string {
    // oclif's own usage() renders the templates; with room enough it leaves each line whole.
    const width = this.opts.maxWidth
    this.opts.maxWidth = Number.MAX_SAFE_INTEGER
    let lines: string[]
    try {
      lines = super.usage().split('\n')
    } finally {
      this.opts.maxWidth = width
    }
    return lines.map((line) => wrapUsage(line, width - this.indentSpacing, this.indentSpacing * 2)).join('\n')
  }
}

/** The configuration as help should show it: under Helm, usage and examples say `helm prodstack`. */
function asInvoked(config: Config): Config {
  const bin = invokedAs(config.bin)
  return bin === config.bin ? config : Object.create(config, {bin: {value: bin}})
}

/**
 * oclif's help with usage lines wrapped between flags, the command as the user types it, and an
 * unknown command or topic (`prodstack help iinit`, `prodstack iinit --help`) reported as the usage
 * error it is.
 */
export default class ProdstackHelp extends Help {
  override CommandHelpClass = ProdstackCommandHelp

  constructor(config: Config, options?: Partial<HelpOptions>) {
    super(asInvoked(config), options)
  }

  override async showHelp(argv: string[]): Promise<void> {
    try {
      await super.showHelp(argv)
    } catch (error) {
      const unknown = /^Command (.+) not found\.?$/.exec((error as Error)?.message ?? '')
      if (!unknown?.[1]) throw error
      reportUnknownCommand(this.config, unknown[1], argv)
    }
  }
}
