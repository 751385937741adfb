import {basename, resolve} from 'node:path'
import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'
import {stackNameFromDirectory} from '../answers/base.js'
import {answerFlags, answersFromFlags, listValueTakenAsDirectory} from '../cli/answer-flags.js'
import {BaseCommand} from '../cli/base-command.js'
import {answersSourceFlags} from '../cli/common-flags.js'
import {answersFromEnvironment, helmEnvironment, invokedAs} from '../cli/helm-env.js'
import {strategyFlags} from '../cli/merge-flags.js'
import type {Questionnaire} from '../cli/questionnaire.js'
import {UserError} from '../errors.js'

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
    ...strategyFlags,
    ...answerFlags(),
  }

  async run() {
    const {args, flags} = await this.parse(Init)
    // The planner, renderer and writer load only when the command runs, never for --help or --version.
    const [
      {gatherAnswers, gatherAnswersInteractively, planStack, renderStackFiles},
      {verifyStack},
      {checkTarget, writeStack},
      {describePlan, nextSteps},
      {updateDependencies},
      {prepareStack, mergeReportJson},
      {describeMerge},
    ] = await Promise.all([
      import('../app/stack.js'),
      import('../app/verify.js'),
      import('../io/write-stack.js'),
      import('../cli/present.js'),
      import('../app/dependencies.js'),
      import('../app/regenerate.js'),
      import('../cli/present-merge.js'),
    ])
    const json = this.jsonEnabled()
    const dryRun = flags['dry-run']
    const fromFlags = answersFromFlags(flags)
    const misplaced = listValueTakenAsDirectory(flags, args.dir)
    if (misplaced) fromFlags.problems.push(misplaced)
    // The target directory names the stack unless --name or the answers file does, so two stacks
    // made with --yes in different directories never share release names.
    const nameFromDir = args.dir ? stackNameFromDirectory(basename(resolve(args.dir))) : undefined
    // Ask only a person at a terminal; --yes and --json mean a script is running.
    const interactive = !flags.yes && !json && attachedToTerminal()
    const sources = {
      flags: fromFlags.input,
      flagProblems: fromFlags.problems,
      answersFile: flags.answers,
      preset: flags.preset,
      // At a terminal the directory's name is the suggested answer instead.
      environment: {...answersFromEnvironment(), ...(nameFromDir && !interactive ? {name: nameFromDir} : {})},
      yes: flags.yes,
    }
    let questionnaire: Questionnaire | undefined
    if (interactive && args.dir && !dryRun) checkTarget(args.dir, flags.force)
    const answers = interactive
      ? await gatherAnswersInteractively(sources, async (given) => {
          const {openTerminalQuestionnaire} = await import('../cli/questionnaire.js')
          const suggested = nameFromDir
          questionnaire = await openTerminalQuestionnaire({
            ...(suggested ? {suggestedName: suggested} : {}),
            // Without a directory argument the stack goes into ./<name>: check it while it can be changed.
            ...(args.dir || dryRun
              ? {}
              : {checkName: (name: string) => targetProblem(checkTarget, name, flags.force)}),
          })
          return questionnaire.ask(given)
        })
      : gatherAnswers(sources)
    const dir = args.dir ?? answers.name
    if (!dryRun) checkTarget(dir, flags.force)
    const plan = planStack(answers)
    const generated = renderStackFiles(plan, this.config.version)
    await verifyStack(plan, generated)
    // Replacing a stack (--force) keeps its hand edits: merged three ways, or MERGE_CONFLICT.
    const {files, merge} = prepareStack(dir, plan, generated, {
      force: flags.force,
      ...(flags.strategy ? {strategy: flags.strategy as 'ours' | 'theirs'} : {}),
    })
    if (!json) this.log(`${questionnaire ? '\n' : ''}${describePlan(plan)}`)
    if (!json && !questionnaire && nameFromDir && answers.name === nameFromDir && !fromFlags.input.name)
      this.log(`(stack name ${answers.name}: from the directory ${args.dir}; --name sets another)`)
    if (questionnaire && !dryRun) {
      this.log('')
      const confirmed = await questionnaire.confirm(`Write ${files.size} files to ${dir}?`, true)
      // Declining is not a success: nothing was written, so a script sees a non-zero exit.
      if (!confirmed)
        throw new UserError('INTERRUPTED', 'Nothing was written: the plan was not confirmed', [], 1)
    }
    // The target is swapped for a new directory: a shell inside the old one sees it deleted.
    const from = process.cwd()
    const written = dryRun ? undefined : writeStack(dir, files, flags.force)
    const movedUnder = Boolean(
      written?.replaced && (from === written.dir || from.startsWith(`${written.dir}/`)),
    )
    // Follow the path to the new directory, so relative paths (helm dependency update) reach it.
    if (movedUnder) process.chdir(from)
    if (!json) {
      this.log(
        written
          ? `\nWrote ${written.files} files to ${dir}${written.replaced ? ' (replaced the previous stack)' : ''}.`
          : `\nDry run: ${files.size} files would be written to ${dir}.`,
      )
      if (merge) for (const line of describeMerge(merge)) this.log(line)
    }
    const dependencies =
      written && flags['dependency-update']
        ? await updateDependencies(plan, dir, helmEnvironment().bin, (message) => {
            if (!json) this.logToStderr(message)
          })
        : []
    const pending = dependencies.filter((result) => result.status !== 'updated')
    if (!json && written) {
      const failed = pending.filter((result) => result.status === 'failed')
      if (failed.length > 0) {
        this.log('\nhelm dependency update did not complete:')
        for (const result of failed) this.log(`  ${result.chart}: ${result.detail}`)
      }
      if (pending.length > 0) {
        // Helm not available is said here, once, for every chart.
        const skipped = pending.find((result) => result.status === 'skipped')
        this.log(
          skipped && failed.length === 0
            ? `\n${skipped.detail}, so helm dependency update did not run; run it later:`
            : 'Run it later:',
        )
        for (const result of pending) this.log(`  ${result.command}`)
      }
      this.log(nextSteps(plan, dir, dependencies.length > 0 && pending.length === 0))
      if (movedUnder)
        this.log(`\n${written.dir} is a new directory now: run cd "${written.dir}" in your shell to see it.`)
      if (questionnaire) {
        const bin = invokedAs(this.config.bin)
        this.log(
          `\nYour answers are in ${dir}/prodstack.yaml; to regenerate this stack without questions:\n` +
            `  ${bin} init --answers ${dir}/prodstack.yaml --force ${dir}`,
        )
      }
    }
    return {
      status: 'ok',
      dir,
      written: Boolean(written),
      files: [...files.keys()],
      dependencies,
      ...(merge ? {merge: mergeReportJson(merge)} : {}),
      plan,
    }
  }
}

/** The target check as a message for the name question, or undefined when the directory can be used. */
function targetProblem(check: (dir: string, force: boolean) => void, dir: string, force: boolean) {
  try {
    check(dir, force)
    return undefined
  } catch (error) {
    if (!(error instanceof UserError)) throw error
    const problem = error.problems[0]
    return problem ? `${dir} ${problem.message}${problem.hint ? ` (${problem.hint})` : ''}` : error.message
  }
}
