import {Command} from '@oclif/core/command'
import {formatProblem, UserError} from '../errors.js'

export interface JsonEnvelope {
  status: 'ok' | 'error'
  [key: string]: unknown
}

/** Exit code for bugs in prodstack itself (EX_SOFTWARE), distinct from user (1) and usage (2) errors. */
export const INTERNAL_ERROR_EXIT = 70

/**
 * Shared by every command: `--json`, and one way of reporting errors. User errors print every
 * problem line and exit 1 without a stack trace; anything else is a bug and says how to see details.
 */
export abstract class BaseCommand extends Command {
  static override enableJsonFlag = true

  protected debugEnabled(): boolean {
    return Boolean(process.env.DEBUG) || process.env.HELM_DEBUG === 'true'
  }

  protected override async catch(
    error: Error & {exitCode?: number; oclif?: {exit?: number}},
  ): Promise<unknown> {
    // oclif's own exits (help, --version, parse errors) keep their codes and messages.
    if (!(error instanceof UserError) && error.oclif) return super.catch(error)
    const json = this.jsonEnabled()
    if (error instanceof UserError) {
      if (json) {
        this.logJson({
          status: 'error',
          error: {
            code: error.code,
            message: error.message,
            problems: error.problems,
            exitCode: error.exitCode,
            ...(error.details ? {details: error.details} : {}),
          },
        })
      } else {
        this.logToStderr(`Error: ${error.message}`)
        for (const problem of error.problems) this.logToStderr(`  - ${formatProblem(problem)}`)
      }
      return this.exit(error.exitCode)
    }
    const message = error.message || String(error)
    if (json) {
      this.logJson({status: 'error', error: {code: 'INTERNAL', message, exitCode: INTERNAL_ERROR_EXIT}})
    } else {
      this.logToStderr(`Error: prodstack failed unexpectedly: ${message}`)
      if (this.debugEnabled()) this.logToStderr(error.stack ?? '')
      else this.logToStderr('This is a bug in prodstack. Run again with DEBUG=prodstack to see the details.')
    }
    return this.exit(INTERNAL_ERROR_EXIT)
  }
}
