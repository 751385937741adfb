import {BaseCommand} from '../cli/base-command.js'
import {clusterFlags, clusterTools} from '../cli/cluster-flags.js'
import {stackDirArgs} from '../cli/common-flags.js'
import {UserError} from '../errors.js'

export default class Status extends BaseCommand {
  static override summary = 'Show what of a stack is deployed, and what is not ready.'
  static override description =
    `For each layer's release, in install order: whether it is installed, its revision and Helm state, the versions of its charts deployed and on disk, and the Deployments, StatefulSets and DaemonSets of its manifest that are not ready (fewer ready or up-to-date pods than desired, or a rollout still running pods of the old template). Changes nothing.

Exits 1 (STACK_NOT_READY) when a release is missing or not deployed, runs charts other than the ones on disk, or has workloads not ready; with --json, the report is in the output either way.`
  static override examples = ['<%= config.bin %> status my-stack', '<%= config.bin %> status my-stack --json']

  static override args = stackDirArgs
  static override flags = {...clusterFlags}

  async run() {
    const {args, flags} = await this.parse(Status)
    const {stackStatus} = await import('../app/stack-status.js')
    const status = await stackStatus(args.dir, clusterTools(flags))
    if (!this.jsonEnabled()) {
      this.log(`cluster ${status.kubernetes}`)
      for (const release of status.releases) {
        const state = release.installed
          ? `revision ${release.revision}, ${release.status}${release.ready ? ', ready' : ''}`
          : 'not installed'
        this.log(`${release.release} (${release.namespace}, ${release.dir}): ${state}`)
        for (const chart of release.charts)
          if (release.installed && chart.deployed !== undefined && chart.deployed !== chart.onDisk)
            this.log(`  chart ${chart.name}: ${chart.deployed} deployed, ${chart.onDisk ?? 'none'} on disk`)
        for (const workload of release.notReady)
          this.log(
            `  not ready: ${workload.kind} ${workload.namespace}/${workload.name} ${workload.missing ? '(missing)' : `${workload.ready}/${workload.desired} ready, ${workload.updated}/${workload.desired} up to date${workload.old ? `, ${workload.old} old` : ''}`}`,
          )
      }
    }
    if (!status.ready) {
      const problems = status.releases
        .filter((release) => !release.ready)
        .map((release) => ({
          source: `${release.namespace}/${release.release}`,
          message: !release.installed
            ? 'is not installed'
            : release.status !== 'deployed'
              ? `is ${release.status}`
              : release.notReady.length > 0
                ? `has ${release.notReady.length} workload(s) not ready`
                : 'runs charts other than the ones on disk',
        }))
      throw new UserError('STACK_NOT_READY', `${args.dir} is not ready`, problems, 1, {...status})
    }
    if (!this.jsonEnabled()) this.log(`${args.dir}: ready`)
    return {status: 'ok', ...status}
  }
}
