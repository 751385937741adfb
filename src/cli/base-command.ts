import {Command} from '@oclif/core/command'
import * as Flags from '@oclif/core/flags'
import {closest, formatProblem, UserError} from '../errors.js'
import {invokedAs} from './helm-env.js'

/** Exit code for bugs in prodstack itself (EX_SOFTWARE), distinct from user (1) and usage (2) errors. */
export const INTERNAL_ERROR_EXIT = 70
export const USAGE_ERROR_EXIT = 2

type OclifError = Error & {oclif?: {exit?: number}; code?: string; flags?: string[]}

/**
 * Shared by every command: `--json`, `--debug`, and one way of reporting errors. User errors print
 * every problem line and exit 1 without a stack trace; usage errors exit 2; anything else is a bug
 * and says how to see details. With --json every error is one object on stdout.
 */
export abstract class BaseCommand extends Command {
  static override enableJsonFlag = true
  static override baseFlags = {
    debug: Flags.boolean({
      description: 'Show stack traces of unexpected errors (also HELM_DEBUG=true, as `helm --debug` sets).',
      helpGroup: 'GLOBAL',
    }),
  }

  protected debugEnabled(): boolean {
    return this.argv.includes('--debug') || Boolean(process.env.DEBUG) || process.env.HELM_DEBUG === 'true'
  }

  /** --json counts even when parsing failed before flags were known. */
  private wantsJson(): boolean {
    return this.argv.includes('--json') || (this.argv.length === 0 && this.jsonEnabled())
  }

  private reportJson(error: Record<string, unknown>, output: Record<string, unknown> = {}): void {
    this.logJson({status: 'error', error, ...output})
  }

  protected override async catch(error: OclifError): Promise<unknown> {
    // this.exit() and oclif's own exits travel as errors with code EEXIT: let them through.
    if (error.code === 'EEXIT') throw error
    const json = this.wantsJson()
    if (error instanceof UserError) {
      if (json) {
        this.reportJson(
          {
            code: error.code,
            message: error.message,
            problems: error.problems,
            exitCode: error.exitCode,
            ...(error.details ? {details: error.details} : {}),
          },
          error.output,
        )
      } else {
        this.logToStderr(`Error: ${error.message}`)
        for (const problem of error.problems) this.logToStderr(`  - ${formatProblem(problem)}`)
      }
      return this.exit(error.exitCode)
    }
    if (error.oclif?.exit !== undefined) return this.usageError(error, json)
    const message = error.message || String(error)
    if (json) {
      const hint = 'this is a bug in prodstack: run again with --debug to see the details'
      this.reportJson({
        code: 'INTERNAL',
        message,
        problems: [{source: this.id ?? this.config.bin, message, hint}],
        exitCode: INTERNAL_ERROR_EXIT,
      })
      // stdout stays one JSON object; the details asked for go to stderr.
      if (this.debugEnabled()) this.logToStderr(error.stack ?? '')
    } else {
      this.logToStderr(`Error: prodstack failed unexpectedly: ${message}`)
      if (this.debugEnabled()) this.logToStderr(error.stack ?? '')
      else this.logToStderr('This is a bug in prodstack. Run again with --debug to see the details.')
    }
    return this.exit(INTERNAL_ERROR_EXIT)
  }

  /** Parse errors (unknown flag, missing value): one line with a hint instead of the whole help. */
  private usageError(error: OclifError, json: boolean): never {
    const message = (error.message.split('\n')[0] ?? 'Invalid usage').trim()
    const known = Object.keys({...this.ctor.flags, ...this.ctor.baseFlags}).map((flag) => `--${flag}`)
    const unknown = error.flags?.[0]?.replace(/=.*$/, '')
    const suggestion = unknown ? closest(unknown, known) : undefined
    const hint = suggestion
      ? `did you mean ${suggestion}?`
      : `see ${invokedAs(this.config.bin)} ${this.id} --help`
    // Name the flag at fault when oclif only mentions it in the message ("Flag --cni expects a value").
    const culprit = unknown ?? /--[a-z][-a-z0-9]*/.exec(message)?.[0] ?? 'arguments'
    if (json) {
      this.reportJson({
        code: 'USAGE',
        message,
        problems: [{source: culprit, message, hint}],
        exitCode: USAGE_ERROR_EXIT,
      })
    } else {
      this.logToStderr(`Error: ${message} (${hint})`)
    }
    return this.exit(USAGE_ERROR_EXIT)
  }
}
