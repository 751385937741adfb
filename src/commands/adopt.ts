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
    const [{adoptEdits}, {mergeReportJson}, {updateDependencies}, {describeMerge}, {describeValue}] =
      await Promise.all([
        import('../app/adopt.js'),
        import('../app/regenerate.js'),
        import('../app/dependencies.js'),
        import('../cli/present-merge.js'),
        import('../merge/describe.js'),
      ])
    const json = this.jsonEnabled()
    const result = await adoptEdits(args.dir, {
      generatorVersion: this.config.version,
      dryRun: flags['dry-run'],
      ...(flags.strategy ? {strategy: flags.strategy as 'ours' | 'theirs'} : {}),
    })
    if (!json) {
      if (!result.recorded)
        this.log(
          'The stack has no record of what prodstack wrote: hand edits are what differs from what it generates now.',
        )
      if (result.adopted.length === 0) this.log(`No hand edits in ${args.dir} to adopt.`)
      else {
        this.log(
          `${flags['dry-run'] ? 'Would adopt' : 'Adopted'} ${result.adopted.length} hand edit(s) into ${args.dir}/prodstack.yaml:`,
        )
        for (const edit of result.adopted)
          this.log(
            `  ${edit.key}${edit.change === 'removed' ? ' removed' : `: ${describeValue(edit.value)}`}  (from ${edit.file})`,
          )
      }
      if (result.notAdopted.length > 0) {
        this.log('Not adopted, so still hand edits in values.yaml:')
        for (const edit of result.notAdopted)
          this.log(`  ${edit.file}: ${edit.path} (${edit.change}): ${edit.reason}`)
      }
      if (result.merge) for (const line of describeMerge(result.merge)) this.log(line)
      if (result.written) this.log(`Regenerated ${args.dir} from the new answers.`)
      else if (flags['dry-run'] && result.adopted.length > 0) this.log('Dry run: nothing was written.')
    }
    const dependencies =
      result.written && flags['dependency-update']
        ? await updateDependencies(result.plan, args.dir, helmEnvironment().bin, (message) => {
            if (!json) this.logToStderr(message)
          })
        : []
    const {plan: _plan, merge, ...report} = result
    return {status: 'ok', ...report, ...(merge ? {merge: mergeReportJson(merge)} : {}), dependencies}
  }
}
