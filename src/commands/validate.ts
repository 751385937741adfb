import {BaseCommand} from '../cli/base-command.js'
import {stackDirArgs} from '../cli/common-flags.js'
import {helmEnvironment} from '../cli/helm-env.js'
import {UserError} from '../errors.js'

export default class Validate extends BaseCommand {
  static override summary =
    'Check a stack directory: answers, values against schemas, pinned versions, helm lint.'
  static override description = `Reads <dir>/prodstack.yaml and checks, reporting every problem at once:
  - the answers against the answers schema and the rules between components;
  - each chart's values.yaml against its values.schema.json;
  - the dependency versions in each Chart.yaml against the versions this prodstack pins (drift);
  - helm lint on each chart, when Helm is available ($HELM_BIN, or helm on PATH).
Lifecycle warnings (retired or unmaintained components), files that differ from what the answers generate, and hand edits (local edits: what differs from what prodstack last wrote, kept when regenerating) are reported too, as warnings. Exits 1 when there are problems.`
  static override examples = [
    '<%= config.bin %> validate my-stack',
    '<%= config.bin %> validate my-stack --json',
  ]

  static override args = stackDirArgs

  async run() {
    const {args} = await this.parse(Validate)
    const [{emptyReport, validateStack}, {describeLocalEdits}] = await Promise.all([
      import('../app/validate-stack.js'),
      import('../cli/present-merge.js'),
    ])
    let report: Awaited<ReturnType<typeof validateStack>>
    try {
      report = await validateStack(args.dir, helmEnvironment().bin, this.config.version)
    } catch (error) {
      // Not a stack at all, or an unreadable prodstack.yaml: still the one shape of validate's output.
      if (!(error instanceof UserError)) throw error
      const {code, message, problems, exitCode} = error
      throw new UserError(code, message, problems, exitCode, {...emptyReport(args.dir, problems)})
    }
    if (!this.jsonEnabled()) {
      for (const warning of report.warnings) this.log(`warning: ${warning.message}`)
      for (const file of report.drift) this.log(`drift: ${file}`)
      for (const line of describeLocalEdits(report)) this.log(line)
      if (!report.helm) this.log('helm lint: skipped (Helm not available)')
      for (const lint of report.lint) {
        const count = lint.warnings.length
        const warnings = count === 0 ? '' : `, ${count} warning${count === 1 ? '' : 's'}`
        this.log(`helm lint ${lint.chart}: ${lint.ok ? 'ok' : 'failed'}${warnings}`)
        for (const warning of lint.warnings) this.log(`  [WARNING] ${warning}`)
      }
    }
    if (report.problems.length > 0) {
      throw new UserError(
        'INVALID_STACK',
        `${args.dir} has ${report.problems.length} problem(s)`,
        report.problems,
        1,
        {...report},
      )
    }
    if (!this.jsonEnabled()) this.log(`${args.dir}: valid`)
    return {status: 'ok', ...report}
  }
}
