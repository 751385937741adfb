import * as Flags from '@oclif/core/flags'
import {BaseCommand} from '../cli/base-command.js'
import {clusterFlags, clusterTools, confirmOnTerminal} from '../cli/cluster-flags.js'
import {stackDirArgs} from '../cli/common-flags.js'
import {UserError} from '../errors.js'

export default class Uninstall extends BaseCommand {
  static override summary = "Uninstall a stack's releases, in reverse install order."
  static override description =
    `Runs \`helm uninstall <release> --namespace <ns> --wait\` for each layer's release, last layer first; releases that are not installed are skipped. In a terminal it asks first; elsewhere (CI, pipes) it needs --yes.

It keeps, and says so: CustomResourceDefinitions (Helm never deletes them; deleting one deletes every resource of its kind), PersistentVolumeClaims (they hold the data; --purge deletes the ones labelled app.kubernetes.io/instance=<release> in the release's namespace), the namespaces and the Secrets you created (delete them with kubectl delete -f namespaces.yaml).`
  static override examples = [
    '<%= config.bin %> uninstall my-stack',
    '<%= config.bin %> uninstall my-stack --yes',
    '<%= config.bin %> uninstall my-stack --yes --purge   # and delete the data (PersistentVolumeClaims)',
  ]

  static override args = stackDirArgs
  static override flags = {
    ...clusterFlags,
    yes: Flags.boolean({char: 'y', description: 'Do not ask (required without a terminal).'}),
    purge: Flags.boolean({
      description:
        "Also delete each release's PersistentVolumeClaims (labelled app.kubernetes.io/instance=<release>, in its namespace): their data is lost.",
    }),
    timeout: Flags.string({
      description: "Helm's --timeout for each release (a Go duration).",
      default: '10m',
    }),
  }

  async run() {
    const {args, flags} = await this.parse(Uninstall)
    if (!flags.yes) {
      if (!(process.stdin.isTTY && process.stdout.isTTY) || this.jsonEnabled())
        throw new UserError(
          'CONFIRMATION_REQUIRED',
          `uninstall ${args.dir}: pass --yes to uninstall without a terminal`,
        )
      if (!(await confirmOnTerminal(`Uninstall every release of ${args.dir}?`)))
        throw new UserError('INTERRUPTED', 'Not confirmed: nothing was uninstalled')
    }
    const {uninstallStack} = await import('../app/uninstall-stack.js')
    const json = this.jsonEnabled()
    const result = await uninstallStack(args.dir, {
      tools: clusterTools(flags),
      timeout: flags.timeout,
      purge: flags.purge,
      progress: (event) => {
        if (json) return
        if (event.kind === 'skipped')
          this.logToStderr(`${event.release} (${event.namespace}): not installed, skipped`)
        else if (event.kind === 'purged')
          this.logToStderr(`${event.release} (${event.namespace}): deleted claims ${event.claims.join(', ')}`)
        else
          this.logToStderr(
            `${event.release} (${event.namespace}): uninstalled in ${(event.ms / 1000).toFixed(1)}s`,
          )
      },
    })
    if (!json) {
      const removed = result.releases.filter((release) => release.status === 'removed').length
      this.log(`${args.dir}: ${removed} release(s) uninstalled.`)
      if (result.deletedClaims.length > 0)
        this.log(
          `Deleted ${result.deletedClaims.length} PersistentVolumeClaim(s): ${result.deletedClaims.join(', ')}`,
        )
      this.log('Kept:')
      for (const kept of result.kept) this.log(`  - ${kept.what}: ${kept.why}`)
    }
    return {status: 'ok', ...result}
  }
}
