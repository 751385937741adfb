import {answerFlags, answerSourcesFromFlags} from '../cli/answer-flags.js'
import {BaseCommand} from '../cli/base-command.js'
import {answersSourceFlags} from '../cli/common-flags.js'
import {answersFromEnvironment} from '../cli/helm-env.js'

export default class PlanCommand extends BaseCommand {
  static override summary = 'Show which components, versions, warnings and install layers the answers give.'
  static override description =
    "Writes nothing. Unanswered questions take the preset's defaults. With --json, prints the whole plan (components and why each is in, warnings, layers with their values, wiring) as one object."
  static override examples = [
    '<%= config.bin %> plan --preset full',
    '<%= config.bin %> plan --answers my-stack/prodstack.yaml --json',
  ]

  static override flags = {...answersSourceFlags, ...answerFlags()}

  async run() {
    const {flags} = await this.parse(PlanCommand)
    // The planner and its catalog load only when a command runs, never for --help or --version.
    const [{gatherAnswers}, {planStack}, {describePlan}] = await Promise.all([
      import('../app/stack.js'),
      import('../app/pipeline.js'),
      import('../cli/present.js'),
    ])
    const answers = gatherAnswers({
      ...answerSourcesFromFlags(flags),
      environment: answersFromEnvironment(),
      yes: true,
    })
    const plan = planStack(answers)
    if (!this.jsonEnabled()) this.log(describePlan(plan))
    return {status: 'ok', plan}
  }
}
