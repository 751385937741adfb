import {Args, Flags} from '@oclif/core'
import {updateDependencies} from '../app/dependencies.js'
import {gatherAnswers, planStack, renderStackFiles} from '../app/stack.js'
import {verifyStack} from '../app/verify.js'
import {answerFlags, answersFromFlags} from '../cli/answer-flags.js'
import {BaseCommand} from '../cli/base-command.js'
import {answersSourceFlags} from '../cli/common-flags.js'
import {answersFromEnvironment, helmEnvironment} from '../cli/helm-env.js'
import {describePlan, nextSteps} from '../cli/present.js'
import {checkTarget, writeStack} from '../io/write-stack.js'

export default class Init extends BaseCommand {
  static override summary = 'Generate the Helm charts for a production cluster stack.'
  static override description =
    `Answers come from flags, an answers file (--answers) and a preset's defaults (--yes), in that order of precedence. The stack directory gets one umbrella chart per install layer (or one chart with --layout single), a README with the install steps, a helmfile.yaml, and prodstack.yaml to regenerate the same stack byte for byte.

Nothing is written unless every answer is valid and the generated values pass their schemas; the directory is written atomically and an existing stack is only replaced with --force.`
  static override examples = [
    {description: 'The standard stack with every default', command: '<%= config.bin %> init --yes my-stack'},
    {
      description: 'Choose components with flags',
      command:
        '<%= config.bin %> init --yes --cni cilium --ingress traefik --mesh istio --metrics kube-prometheus-stack --logging fluent-bit --log-store loki --dashboards grafana prod',
    },
    {
      description: 'Regenerate a stack from its answers',
      command: '<%= config.bin %> init --answers prod/prodstack.yaml --force prod',
    },
    {
      description: 'Show what would be written, for CI',
      command: '<%= config.bin %> init --yes --dry-run --json',
    },
  ]

  static override args = {
    dir: Args.string({description: 'Directory to write the stack into (default: the stack name).'}),
  }

  static override flags = {
    ...answersSourceFlags,
    force: Flags.boolean({
      char: 'f',
      description: 'Replace an existing stack directory (one that has a prodstack.yaml).',
    }),
    'dry-run': Flags.boolean({description: 'Plan, render and validate, but write nothing.'}),
    'dependency-update': Flags.boolean({
      description:
        'Run `helm dependency update` on each chart written ($HELM_BIN, or helm on PATH). Offline or without Helm, the stack is still written and the commands to run later are printed.',
      default: true,
      allowNo: true,
    }),
    ...answerFlags(),
  }

  async run() {
    const {args, flags} = await this.parse(Init)
    const fromFlags = answersFromFlags(flags)
    const answers = gatherAnswers({
      flags: fromFlags.input,
      flagProblems: fromFlags.problems,
      answersFile: flags.answers,
      preset: flags.preset,
      environment: answersFromEnvironment(),
      yes: flags.yes,
    })
    const dir = args.dir ?? answers.name
    if (!flags['dry-run']) checkTarget(dir, flags.force)
    const plan = planStack(answers)
    const files = renderStackFiles(plan, this.config.version)
    await verifyStack(plan, files)
    const written = flags['dry-run'] ? undefined : writeStack(dir, files, flags.force)
    const json = this.jsonEnabled()
    if (!json) {
      this.log(describePlan(plan))
      this.log(
        written
          ? `\nWrote ${written.files} files to ${dir}${written.replaced ? ' (replaced the previous stack)' : ''}.`
          : `\nDry run: ${files.size} files would be written to ${dir}.`,
      )
    }
    const dependencies =
      written && flags['dependency-update']
        ? await updateDependencies(plan, dir, helmEnvironment().bin, (message) => {
            if (!json) this.logToStderr(message)
          })
        : []
    const pending = dependencies.filter((result) => result.status !== 'updated')
    if (!json && written) {
      if (pending.length > 0) {
        this.log(`\nhelm dependency update did not complete (${pending[0]?.detail}); run it later:`)
        for (const result of pending) this.log(`  ${result.command}`)
      }
      this.log(nextSteps(plan, dir, dependencies.length > 0 && pending.length === 0))
    }
    return {
      status: 'ok',
      dir,
      written: Boolean(written),
      files: [...files.keys()],
      dependencies,
      plan,
    }
  }
}
