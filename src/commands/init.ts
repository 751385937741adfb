import {basename, resolve} from 'node:path'
import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'
import {stackNameFromDirectory} from '../answers/base.js'
import {
  answerFlags,
  answerSourcesFromFlags,
  answersFromFlags,
  listValueTakenAsDirectory,
} from '../cli/answer-flags.js'
import {BaseCommand} from '../cli/base-command.js'
import {answersSourceFlags} from '../cli/common-flags.js'
import {answersFromEnvironment, helmEnvironment, invokedAs} from '../cli/helm-env.js'
import {strategyFlags} from '../cli/merge-flags.js'
import type {Questionnaire} from '../cli/questionnaire.js'

/** A person is at the keyboard: both ends of the process are a terminal. */
function attachedToTerminal(): boolean {
  return Boolean(process.stdin.isTTY && process.stdout.isTTY)
}

export default class Init extends BaseCommand {
  static override summary = 'Generate the Helm charts for a production cluster stack.'
  static override description =
    `Answers come from flags, an answers file (--answers) and a preset's defaults (--yes), in that order of precedence. In a terminal, the questions still open are asked one by one (the preset's answers are pre-selected), then the plan is shown and written once you confirm; without a terminal, an unanswered question is an error that lists the flags to pass. The stack directory gets one umbrella chart per install layer (or one chart with --layout single), a README with the install steps, a helmfile.yaml, and prodstack.yaml to regenerate the same stack byte for byte.

Nothing is written unless every answer is valid and the generated values pass their schemas; the directory is written atomically and an existing stack is only replaced with --force. Replacing a stack keeps its hand edits: they are merged three ways with what prodstack generated last (recorded in .prodstack/), and a conflict writes nothing unless --strategy says which side wins.`
  static override examples = [
    {description: 'Answer the questions in the terminal', command: '<%= config.bin %> init'},
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
    // ignoreStdin: oclif would otherwise take piped input (`yes | prodstack init`) as the directory.
    dir: Args.string({
      description: 'Directory to write the stack into (default: the stack name).',
      ignoreStdin: true,
    }),
  }

  static override flags = {
    ...answersSourceFlags,
    force: Flags.boolean({
      description: 'Replace an existing stack directory (one that has a prodstack.yaml).',
    }),
    'dry-run': Flags.boolean({description: 'Plan, render and validate, but write nothing.'}),
    'dependency-update': Flags.boolean({
      description:
        'Run `helm dependency update` on each chart written ($HELM_BIN, or helm on PATH). Offline or without Helm, the stack is still written and the commands to run later are printed.',
      default: true,
      allowNo: true,
    }),
    ...strategyFlags,
    ...answerFlags(),
  }

  async run() {
    const {args, flags} = await this.parse(Init)
    // The planner, renderer and writer load only when the command runs, never for --help or --version.
    const [
      {initStack},
      {describeDependencies, describePlan, describeWrite, nextSteps},
      {describeMerge},
      {mergeReportJson},
    ] = await Promise.all([
      import('../app/init-stack.js'),
      import('../cli/present.js'),
      import('../cli/present-merge.js'),
      import('../app/regenerate.js'),
    ])
    const json = this.jsonEnabled()
    const fromFlags = answersFromFlags(flags)
    const misplaced = listValueTakenAsDirectory(flags, args.dir)
    if (misplaced) fromFlags.problems.push(misplaced)
    // The target directory names the stack unless --name or the answers file does, so two stacks
    // made with --yes in different directories never share release names.
    const nameFromDir = args.dir ? stackNameFromDirectory(basename(resolve(args.dir))) : undefined
    // Ask only a person at a terminal; --yes and --json mean a script is running.
    const interactive = !flags.yes && !json && attachedToTerminal()
    let questionnaire: Questionnaire | undefined
    const terminal = async (checkName?: (name: string) => string | undefined) => {
      const {openTerminalQuestionnaire} = await import('../cli/questionnaire.js')
      return openTerminalQuestionnaire({
        ...(nameFromDir ? {suggestedName: nameFromDir} : {}),
        ...(checkName ? {checkName} : {}),
      })
    }
    const result = await initStack(
      {
        sources: {
          ...answerSourcesFromFlags(flags, fromFlags),
          // At a terminal the directory's name is the suggested answer instead.
          environment: {
            ...answersFromEnvironment(),
            ...(nameFromDir && !interactive ? {name: nameFromDir} : {}),
          },
          yes: flags.yes,
        },
        ...(args.dir ? {dir: args.dir} : {}),
        force: flags.force,
        dryRun: flags['dry-run'],
        dependencyUpdate: flags['dependency-update'],
        ...(flags.strategy ? {strategy: flags.strategy as 'ours' | 'theirs'} : {}),
        generatorVersion: this.config.version,
        helmBin: helmEnvironment().bin,
      },
      {
        planned: ({plan, answers}) => {
          if (json) return
          this.log(`${questionnaire ? '\n' : ''}${describePlan(plan)}`)
          if (!questionnaire && nameFromDir && answers.name === nameFromDir && !fromFlags.input.name)
            this.log(`(stack name ${answers.name}: from the directory ${args.dir}; --name sets another)`)
          if (questionnaire) this.log('')
        },
        step: (message) => {
          if (!json) this.logToStderr(message)
        },
      },
      interactive
        ? {
            ask: async (given, checkName) => {
              questionnaire = await terminal(checkName)
              return questionnaire.ask(given)
            },
            confirm: (question) => questionnaire?.confirm(question, true) ?? Promise.resolve(true),
          }
        : undefined,
    )
    if (!json) {
      this.log(describeWrite(result))
      if (result.merge) for (const line of describeMerge(result.merge)) this.log(line)
      if (result.written) {
        for (const line of describeDependencies(result.dependencies)) this.log(line)
        const updated =
          result.dependencies.length > 0 && result.dependencies.every((update) => update.status === 'updated')
        this.log(nextSteps(result.plan, result.dir, updated))
        if (result.written.movedUnder)
          this.log(
            `\n${result.written.dir} is a new directory now: run cd "${result.written.dir}" in your shell to see it.`,
          )
        if (questionnaire) {
          const bin = invokedAs(this.config.bin)
          this.log(
            `\nYour answers are in ${result.dir}/prodstack.yaml; to regenerate this stack without questions:\n` +
              `  ${bin} init --answers ${result.dir}/prodstack.yaml --force ${result.dir}`,
          )
        }
      }
    }
    return {
      status: 'ok',
      dir: result.dir,
      written: Boolean(result.written),
      files: [...result.files.keys()],
      dependencies: result.dependencies,
      ...(result.merge ? {merge: mergeReportJson(result.merge)} : {}),
      plan: result.plan,
    }
  }
}
