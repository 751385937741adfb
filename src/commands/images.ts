import * as Flags from '@oclif/core/flags'
import {BaseCommand} from '../cli/base-command.js'
import {stackDirArgs} from '../cli/common-flags.js'
import {helmEnvironment} from '../cli/helm-env.js'
import {formatProblem} from '../errors.js'
import {DEFAULT_KUBE_VERSION} from '../images/defaults.js'

const FORMATS = ['table', 'list', 'cyclonedx', 'mirror'] as const

export default class Images extends BaseCommand {
  static override summary = 'List every container image a stack runs, for mirroring and supply-chain checks.'
  static override description =
    `Renders each layer of the stack with helm template, as it will be installed (its release name, namespace and values, for a supported Kubernetes version), after helm dependency build when a layer's charts/ lacks a chart. Lists the images of every pod spec (containers, init and ephemeral containers of Pods, Deployments, StatefulSets, DaemonSets, ReplicaSets, Jobs and CronJobs) and the images the stack's operators and meshes start: Prometheus and Alertmanager with their config reloader, Elasticsearch and Kibana run by ECK, the Istio and Linkerd proxies, Calico's components, cert-manager's ACME solver.

A layer whose charts have a values schema that refers to the internet (F5 NGINX Ingress) is rendered with --skip-schema-validation, and a warning says so. With --format mirror, for a stack made with --registry (and --chart-registry): what to copy into the mirror, as "SOURCE TARGET" pairs on stdout, one a line, and a helm pull/push line per chart on stderr. The stack is rendered as written and once more without its mirrors, and each container's image is paired with the one the same container runs upstream. Images the charts do not let a mirror replace are named in warnings.

Warnings go to stderr; stdout holds only the table, the list, the pairs or the document.`
  static override examples = [
    '<%= config.bin %> images my-stack',
    {
      description: 'One image a line, for a mirroring script',
      command: '<%= config.bin %> images my-stack --format list',
    },
    {
      description: 'A CycloneDX 1.6 SBOM of the charts and images',
      command: '<%= config.bin %> images my-stack --format cyclonedx > sbom.json',
    },
    {
      description: 'For a stack made with --registry: what to copy where, one "SOURCE TARGET" a line',
      command:
        '<%= config.bin %> images my-stack --format mirror | while read -r source target; do crane copy "$source" "$target"; done',
    },
    '<%= config.bin %> images my-stack --json',
  ]

  static override args = stackDirArgs

  static override flags = {
    format: Flags.string({
      description: `Output: table (one row per image and workload), list (one image a line, sorted, unique), cyclonedx (a CycloneDX 1.6 JSON SBOM) or mirror (for a stack made with --registry: "SOURCE TARGET" a line, each upstream image and its name in the mirror; the stack is rendered twice for it). --json prints the whole inventory instead, or with mirror the pairs and, with --chart-registry, the charts to copy.`,
      options: [...FORMATS],
      default: 'table',
    }),
    'kube-version': Flags.string({
      description: 'Kubernetes version to render the charts for (.Capabilities.KubeVersion).',
      default: DEFAULT_KUBE_VERSION,
    }),
  }

  async run() {
    const {args, flags} = await this.parse(Images)
    const kubeVersion = flags['kube-version']
    if (!/^v?\d+\.\d+(\.\d+)?$/.test(kubeVersion))
      this.error(`--kube-version expects a version such as ${DEFAULT_KUBE_VERSION}, not ${kubeVersion}`, {
        exit: 2,
      })
    const [{listStackImages}, {imageList, imagesTable}] = await Promise.all([
      import('../app/images.js'),
      import('../images/format.js'),
    ])
    const json = this.jsonEnabled()
    const options = {
      dir: args.dir,
      helmBin: helmEnvironment().bin,
      kubeVersion: kubeVersion.replace(/^v/, ''),
      progress: (message: string) => {
        if (!json) this.logToStderr(message)
      },
    }
    if (flags.format === 'mirror') {
      const {listMirrorPairs} = await import('../app/images.js')
      const report = await listMirrorPairs(options, this.config.version)
      if (!json) {
        for (const warning of report.warnings) this.logToStderr(`warning: ${formatProblem(warning)}`)
        for (const pair of report.images) this.log(`${pair.source} ${pair.target}`)
        // Charts go to stderr with the commands that copy them; stdout stays one image pair a line.
        for (const chart of report.charts)
          this.logToStderr(`chart ${chart.chart} ${chart.version}: ${chart.copy}`)
      }
      return {status: 'ok', ...report}
    }
    const report = await listStackImages(options)
    if (!json) {
      for (const warning of report.warnings) this.logToStderr(`warning: ${formatProblem(warning)}`)
      const format = flags.format as (typeof FORMATS)[number]
      if (format === 'list') {
        const list = imageList(report.images)
        if (list) this.log(list.trimEnd())
      } else if (format === 'cyclonedx') {
        const [{cycloneDxSbom}, {randomUUID}] = await Promise.all([
          import('../images/cyclonedx.js'),
          import('node:crypto'),
        ])
        const sbom = await cycloneDxSbom({
          stack: {name: report.stack},
          tool: {name: 'prodstack', version: this.config.version},
          charts: report.charts,
          images: report.images,
          timestamp: sourceDate() ?? new Date(),
          serialNumber: `urn:uuid:${randomUUID()}`,
        })
        this.log(sbom.trimEnd())
      } else {
        this.log(
          imagesTable(
            report.images,
            report.layers.map((layer) => layer.dir),
          ).trimEnd(),
        )
        const charts = new Set(
          report.images.flatMap((image) => image.uses.map((use) => `${use.layer}/${use.chart}`)),
        )
        this.log(
          `\n${report.images.length} images from ${charts.size} charts in ${report.layers.length} layers (${report.helm}, Kubernetes ${report.kubeVersion}).`,
        )
      }
    }
    return {status: 'ok', ...report}
  }
}

/** SOURCE_DATE_EPOCH, the reproducible-builds convention, fixes the SBOM's timestamp. */
function sourceDate(): Date | undefined {
  const epoch = process.env.SOURCE_DATE_EPOCH
  return epoch && /^\d+$/.test(epoch) ? new Date(Number(epoch) * 1000) : undefined
}
