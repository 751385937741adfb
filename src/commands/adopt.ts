import * as Flags from '@oclif/core/flags'
import {BaseCommand} from '../cli/base-command.js'
import {stackDirArgs} from '../cli/common-flags.js'
import {helmEnvironment} from '../cli/helm-env.js'
import {strategyFlags} from '../cli/merge-flags.js'

export default class Adopt extends BaseCommand {
  static override summary =
    "Move a stack's hand edits of values.yaml into its prodstack.yaml values, and regenerate it."
  static override description =
    `Each value changed or added by hand in a chart's values.yaml becomes values.<alias>.<path> in prodstack.yaml, the escape hatch merged over what prodstack sets; then the stack is regenerated from the new answers, so the edits are part of them and regenerating is clean.

What values cannot express stays a hand edit (kept when regenerating) and is listed: a key deleted by hand (values are merged over what prodstack sets; only a value you set in prodstack.yaml yourself can be deleted there), a comment, a key outside the dependencies (such as global). A stack without a record of what prodstack wrote is compared with what this prodstack generates from prodstack.yaml now.`
  static override examples = [
    '<%= config.bin %> adopt my-stack',
    '<%= config.bin %> adopt my-stack --dry-run --json',
  ]

  static override args = stackDirArgs

  static override flags = {
    'dry-run': Flags.boolean({description: 'List what would be adopted, and write nothing.'}),
    ...strategyFlags,
    'dependency-update': Flags.boolean({
      description: 'Run `helm dependency update` on each chart written, as init does.',
      default: true,
      allowNo: true,
    }),
  }

  async run() {
    const {args, flags} = await this.parse(Adopt)
    const [{adoptEdits}, {mergeReportJson}, {describeAdoption}] = await Promise.all([
      import('../app/adopt.js'),
      import('../app/regenerate.js'),
      import('../cli/present-merge.js'),
    ])
    const json = this.jsonEnabled()
    const result = await adoptEdits(args.dir, {
      generatorVersion: this.config.version,
      dryRun: flags['dry-run'],
      ...(flags.strategy ? {strategy: flags.strategy as 'ours' | 'theirs'} : {}),
      ...(flags['dependency-update'] ? {helmBin: helmEnvironment().bin} : {}),
      progress: (message) => {
        if (!json) this.logToStderr(message)
      },
    })
    if (!json) for (const line of describeAdoption(result, flags['dry-run'])) this.log(line)
    const {plan: _plan, merge, ...report} = result
    return {status: 'ok', ...report, ...(merge ? {merge: mergeReportJson(merge)} : {})}
  }
}
