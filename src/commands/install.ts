import * as Flags from '@oclif/core/flags'
import {SUPPORTED_KUBERNETES} from '../catalog/kubernetes.js'
import {BaseCommand} from '../cli/base-command.js'
import {clusterFlags, clusterTools} from '../cli/cluster-flags.js'
import {stackDirArgs} from '../cli/common-flags.js'
import {invokedAs} from '../cli/helm-env.js'
import {installProgress, progressMode} from '../cli/install-progress.js'

export default class Install extends BaseCommand {
  static override summary = 'Install a stack on the cluster, layer by layer, by its install steps.'
  static override description =
    `Runs the stack's install steps (the README's "Before you install" and "Install, in order") against the current kube context, or --kube-context / --kubeconfig:
  1. checks that every layer's charts/ holds the dependencies it pins (install never downloads: run \`helm dependency update ./<layer>\`, as init does, first);
  2. checks that the cluster answers (kubectl version), one error line when it does not;
  3. checks that every prerequisite Secret exists with its keys, and when one does not, stops before changing anything and prints the \`kubectl create secret generic\` commands to run;
  4. applies namespaces.yaml (kubectl apply, idempotent);
  5. installs each layer's release in order with \`helm upgrade --install --wait --timeout\`. When the release is already installed, the CRDs its charts keep in crds/ (which Helm installs once and never upgrades) are applied first with server-side apply.
The cluster must run Kubernetes ${SUPPORTED_KUBERNETES.oldest} to ${SUPPORTED_KUBERNETES.newest} (CLUSTER_UNSUPPORTED when older; a newer one gets a notice). Progress goes to stderr: a spinner with the elapsed time on a terminal, a line per release elsewhere (CI, pipes), one JSON event a line with --json.
It stops at the first release that fails, with Helm's error and the command that resumes from it (--from); Ctrl-C lets the Helm operation under way finish, then stops the same way (exit 130). Running it again upgrades each release to the same manifests. --dry-run prints the commands of steps 4 and 5, one a line, and touches nothing.`
  static override examples = [
    '<%= config.bin %> install my-stack',
    '<%= config.bin %> install my-stack --dry-run',
    '<%= config.bin %> install my-stack --kube-context staging --timeout 20m',
    '<%= config.bin %> install my-stack --from 60-platform   # resume after a failed layer',
  ]

  static override args = stackDirArgs

  static override flags = {
    ...clusterFlags,
    from: Flags.string({
      description:
        'Start at this layer (its directory or release name); the layers before it are not touched.',
    }),
    timeout: Flags.string({
      description: "Helm's --timeout for each release (a Go duration).",
      default: '10m',
    }),
    'dry-run': Flags.boolean({
      description: 'Print the commands install would run, one a line; touch nothing.',
    }),
  }

  async run() {
    const {args, flags} = await this.parse(Install)
    const {installStack} = await import('../app/install-stack.js')
    const json = this.jsonEnabled()
    const progress = installProgress(progressMode(json, process.stderr, process.env), {
      write: (text) => process.stderr.write(text),
    })
    const result = await installStack(args.dir, {
      tools: clusterTools(flags),
      timeout: flags.timeout,
      dryRun: flags['dry-run'],
      invokedAs: invokedAs(this.config.bin),
      ...(flags.from ? {from: flags.from} : {}),
      progress: progress.show,
    }).finally(progress.stop)
    if (!json) {
      if (result.dryRun)
        for (const step of result.steps) for (const command of step.commands) this.log(command)
      else
        this.log(
          `${args.dir}: installed ${result.steps.filter((step) => step.kind === 'release').length} release(s) on ${result.kubernetes}`,
        )
    }
    return {status: 'ok', ...result}
  }
}
