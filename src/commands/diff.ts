import * as Flags from '@oclif/core/flags'
import {BaseCommand} from '../cli/base-command.js'
import {stackDirArgs} from '../cli/common-flags.js'

/** Exit code of `diff --exit-code` when regenerating would change the stack, as `git diff --exit-code`. */
export const CHANGES_EXIT = 1

export default class Diff extends BaseCommand {
  static override summary = 'Show what regenerating a stack from its prodstack.yaml would change.'
  static override description =
    `Compares the stack directory with what \`init --answers <dir>/prodstack.yaml --force <dir>\` would write with this prodstack's catalog, hand edits merged in: components added and removed, chart versions, files added, removed and changed, values added, changed and removed per path (old and new), conflicts between hand edits and prodstack's changes, and the hand edits found. Writes nothing and needs no cluster.

Exits 0; with --exit-code, exits 1 when regenerating would change something (with --json, stdout is still {"status": "ok", "changed": true, ...}).`
  static override examples = [
    '<%= config.bin %> diff my-stack',
    '<%= config.bin %> diff my-stack --json',
    '<%= config.bin %> diff --exit-code my-stack   # in CI: fail when the stack is not regenerated',
  ]

  static override args = stackDirArgs

  static override flags = {
    'exit-code': Flags.boolean({description: 'Exit 1 when regenerating would change the stack.'}),
  }

  async run() {
    const {args, flags} = await this.parse(Diff)
    const [{diffStack}, {describeDiff}] = await Promise.all([
      import('../app/diff-stack.js'),
      import('../cli/present-diff.js'),
    ])
    const diff = await diffStack(args.dir, this.config.version)
    if (!this.jsonEnabled()) this.log(describeDiff(diff))
    // Not this.exit(): the JSON result is printed after run() returns.
    if (flags['exit-code'] && diff.changed) process.exitCode = CHANGES_EXIT
    return {status: 'ok', ...diff}
  }
}
