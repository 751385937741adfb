import {join} from 'node:path'
import type {Answers} from '../answers/schema.js'
import {type Problem, UserError} from '../errors.js'
import {collectImages, mayNameImages} from '../images/collect.js'
import {splitManifests} from '../images/manifests.js'
import {remoteRefs, remoteSchemaFailure} from '../images/schema-refs.js'
import type {ImageUse, LayerInfo, ListedImage, RenderedLayer} from '../images/types.js'
import {dependencySchemas, isFile, presentDependencies} from '../io/chart-files.js'
import {helmVersion, runHelm} from '../io/helm.js'
import {withScratchStack} from '../io/scratch-stack.js'
import type {Plan, PlannedLayer} from '../plan/types.js'
import {loadWrittenStack, planStack} from './pipeline.js'
import {renderStackFiles} from './stack.js'

export interface ImagesOptions {
  dir: string
  helmBin: string
  kubeVersion: string
  progress: (message: string) => void
}

export interface RenderedLayerReport {
  dir: string
  id: string
  release: string
  namespace: string
  /** `helm dependency build` ran because charts/ lacked a dependency. */
  dependencyBuild: boolean
  /** Rendered with --skip-schema-validation, because a chart's values schema refers to the internet. */
  skippedSchemaValidation: boolean
}

export interface ImagesReport {
  dir: string
  stack: string
  helm: string
  kubeVersion: string
  layers: RenderedLayerReport[]
  charts: Array<{
    layer: string
    alias: string
    chart: string
    version: string
    repository: string
    release: string
    namespace: string
  }>
  images: ListedImage[]
  warnings: Problem[]
}

/**
 * Renders every layer of a written stack with Helm, as it will be installed (its release name,
 * namespace and values; a supported Kubernetes version), and lists every container image its pods
 * run: those in the rendered pod specs and those its operators and meshes start.
 */
export async function listStackImages(options: ImagesOptions): Promise<ImagesReport> {
  const {plan} = loadWrittenStack(options.dir)
  return renderStackImages(plan, options)
}

/** Renders the stack written in `options.dir` (whose plan is given) and lists its images. */
async function renderStackImages(plan: Plan, options: ImagesOptions): Promise<ImagesReport> {
  const {dir, helmBin, kubeVersion, progress} = options
  const version = await helmVersion(helmBin)
  if (!version) {
    throw new UserError('HELM_FAILED', `Helm (${helmBin}) cannot be run`, [
      {
        source: helmBin,
        message: 'could not be started: images renders the stack with helm template',
        hint: 'install Helm 3.15 or newer, or Helm 4, and put it on PATH or in $HELM_BIN',
      },
    ])
  }
  const warnings: Problem[] = []
  const reports: RenderedLayerReport[] = []
  const missing: Problem[] = []
  for (const layer of plan.layers) {
    const chartDir = join(dir, layer.dir)
    if (!isFile(join(chartDir, 'Chart.yaml'))) {
      missing.push({
        source: join(chartDir, 'Chart.yaml'),
        message: 'is missing',
        hint: `regenerate the stack: prodstack init --answers ${join(dir, 'prodstack.yaml')} --force ${dir}`,
      })
      continue
    }
    const built = await ensureDependencies(layer, chartDir, helmBin, progress)
    missing.push(...built.problems)
    reports.push({
      dir: layer.dir,
      id: layer.id,
      release: layer.release,
      namespace: layer.namespace,
      dependencyBuild: built.ran,
      skippedSchemaValidation: false,
    })
  }
  if (missing.length > 0) {
    throw new UserError(
      'CHARTS_MISSING',
      `${dir} lacks charts its layers depend on, so it cannot be rendered`,
      missing,
    )
  }

  for (const [index, layer] of plan.layers.entries()) {
    const refs = dependencySchemas(join(dir, layer.dir)).flatMap((file) =>
      remoteRefs(file.text).map((url) => ({file: file.location, url})),
    )
    if (refs.length === 0) continue
    reports[index]!.skippedSchemaValidation = true
    const files = [...new Set(refs.map((ref) => ref.file))].join(', ')
    const urls = [...new Set(refs.map((ref) => ref.url))]
    warnings.push({
      source: `${join(dir, layer.dir)}: ${files}`,
      message: `refers to ${urls.join(', ')}, which Helm fetches at every lint, template and install: this layer was rendered with --skip-schema-validation, so its values were not checked against that schema`,
      hint: `offline, install this layer with helm install --skip-schema-validation (Helm 3.15 or newer, or 4), and check its values where ${new URL(urls[0]!).host} can be reached (prodstack validate)`,
    })
  }
  if (reports.some((layer) => layer.skippedSchemaValidation) && !(await canSkipSchemaValidation(helmBin))) {
    throw new UserError('HELM_FAILED', `${version} cannot render this stack offline`, [
      {
        source: helmBin,
        message:
          'has no --skip-schema-validation, which the charts whose schemas refer to the internet need offline',
        hint: 'use Helm 3.15 or newer, or Helm 4',
      },
    ])
  }

  progress(`Rendering ${plan.layers.length} layer(s) with ${version} for Kubernetes ${kubeVersion}`)
  const rendered = await Promise.all(
    plan.layers.map((layer, index) =>
      renderLayer(layer, join(dir, layer.dir), helmBin, kubeVersion, reports[index]!.skippedSchemaValidation),
    ),
  )
  const failures = rendered.flatMap((result) => result.problems)
  if (failures.length > 0)
    throw new UserError('HELM_FAILED', `helm template failed for ${dir}`, failures, 1, {helm: version})
  const layers: RenderedLayer[] = rendered.map((result) => result.layer!)
  warnings.push(...rendered.flatMap((result) => result.warnings))
  const inventory = collectImages(layers)
  return {
    dir,
    stack: plan.answers.name,
    helm: version,
    kubeVersion,
    layers: reports,
    charts: plan.layers.flatMap((layer) =>
      layer.charts.map((chart) => ({
        layer: layer.dir,
        alias: chart.alias,
        chart: chart.chart,
        version: chart.version,
        repository: chart.repository,
        release: layer.release,
        namespace: layer.namespace,
      })),
    ),
    images: inventory.images,
    warnings: [...warnings, ...inventory.warnings],
  }
}

export interface MirrorReport {
  dir: string
  stack: string
  registry: string
  helm: string
  kubeVersion: string
  /** Each image to copy: where upstream publishes it, and where the stack pulls it from. */
  images: Array<{source: string; target: string; components: string[]}>
  /** Each chart to copy, when the stack names a chart mirror (--chart-registry). */
  charts: Array<{chart: string; version: string; source: string; target: string; copy: string}>
  warnings: Problem[]
}

/**
 * The images (and charts) a mirrored stack (`--registry`) needs copied into its mirror, as
 * upstream → mirror pairs. The stack is rendered as written, and once more without its mirrors in a
 * temporary directory, and each image of a container is paired with the one the same container runs
 * upstream; so the pairs are what the charts and operators really do, not a naming rule.
 */
export async function listMirrorPairs(
  options: ImagesOptions,
  generatorVersion: string,
): Promise<MirrorReport> {
  const {dir} = options
  const {answers, plan} = loadWrittenStack(dir)
  const registry = answers.registry
  if (!registry) {
    throw new UserError('NO_MIRROR', `${dir} pulls its images from their upstream registries`, [
      {
        source: join(dir, 'prodstack.yaml'),
        message: 'names no image mirror (registry), so there is nothing to copy into one',
        hint: `regenerate it with one: prodstack init --answers ${join(dir, 'prodstack.yaml')} --registry registry.example.com/prodstack --force ${dir}`,
      },
    ])
  }
  const mirrored = await renderStackImages(plan, options)
  const upstreamAnswers: Answers = {...answers}
  delete upstreamAnswers.registry
  delete upstreamAnswers.chartRegistry
  const upstreamPlan = planStack(upstreamAnswers)
  options.progress('Rendering the stack once more without its mirrors, to pair each image with its source')
  const upstream = await withScratchStack(
    renderStackFiles(upstreamPlan, generatorVersion),
    dir,
    plan.layers.map((layer) => layer.dir),
    (scratch) => renderStackImages(upstreamPlan, {...options, dir: scratch, progress: () => {}}),
  )
  const sourceOf = new Map<string, string>()
  for (const image of upstream.images) for (const use of image.uses) sourceOf.set(useKey(use), image.ref)

  const warnings: Problem[] = [...mirrored.warnings]
  const pairs = new Map<string, {source: string; target: string; components: Set<string>}>()
  for (const image of mirrored.images) {
    const underMirror = image.ref.startsWith(`${registry}/`)
    for (const use of image.uses) {
      const source = sourceOf.get(useKey(use))
      if (!underMirror) {
        warnings.push({
          source: `${use.layer}: ${use.workload} (${use.container})`,
          message: `pulls ${image.ref} from its upstream registry, not from ${registry}${use.hook === 'test' ? ' (only helm test runs it)' : ''}`,
          hint: "see the plan's warnings for why; copy it into the mirror under the same name, or make it reachable",
        })
        continue
      }
      if (!source) {
        warnings.push({
          source: `${use.layer}: ${use.workload} (${use.container})`,
          message: `runs ${image.ref}, but the stack rendered without its mirror has no such container to pair it with`,
          hint: 'copy the image by hand; please report this as a prodstack bug',
        })
        continue
      }
      const key = `${source} ${image.ref}`
      const pair = pairs.get(key) ?? {source, target: image.ref, components: new Set<string>()}
      pair.components.add(use.component)
      pairs.set(key, pair)
    }
  }
  const images = [...pairs.values()]
    .map((pair) => ({source: pair.source, target: pair.target, components: [...pair.components].sort()}))
    .sort((a, b) => a.target.localeCompare(b.target) || a.source.localeCompare(b.source))
  const sourcesOf = new Map<string, string[]>()
  for (const pair of images) sourcesOf.set(pair.target, [...(sourcesOf.get(pair.target) ?? []), pair.source])
  for (const [target, sources] of sourcesOf) {
    if (sources.length < 2) continue
    warnings.push({
      source: target,
      message: `is the mirror name of ${sources.join(' and ')}: the charts name one image from two registries`,
      hint: 'copy one of them, after checking that their digests agree: a second copy overwrites the first',
    })
  }
  const upstreamCharts = new Map(
    upstreamPlan.layers.flatMap((layer) => layer.charts).map((chart) => [chart.alias, chart.repository]),
  )
  const chartRegistry = answers.chartRegistry
  const charts = chartRegistry
    ? plan.layers
        .flatMap((layer) => layer.charts)
        .filter((chart) => chart.repository === chartRegistry)
        .map((chart) => {
          const source = upstreamCharts.get(chart.alias) ?? chart.repository
          const pull = helmPull(chart.chart, chart.version, source)
          return {
            chart: chart.chart,
            version: chart.version,
            source,
            target: `${chartRegistry}/${chart.chart}`,
            copy: `${pull} && helm push ${chart.chart}-${chart.version}.tgz ${chartRegistry}`,
          }
        })
        .sort((a, b) => a.chart.localeCompare(b.chart))
    : []
  return {
    dir,
    stack: answers.name,
    registry,
    helm: mirrored.helm,
    kubeVersion: mirrored.kubeVersion,
    images,
    charts: [...new Map(charts.map((chart) => [`${chart.chart}@${chart.version}`, chart])).values()],
    warnings,
  }
}

/** The command that downloads one pinned chart from its repository (an OCI registry or a Helm repository). */
function helmPull(chart: string, version: string, repository: string): string {
  return repository.startsWith('oci://')
    ? `helm pull ${repository.replace(/\/$/, '')}/${chart} --version ${version}`
    : `helm pull ${chart} --repo ${repository} --version ${version}`
}

/** One container of one workload, the same in every render of a stack. */
function useKey(use: ImageUse): string {
  return [use.layer, use.workload, use.container, use.origin, use.startedBy ?? ''].join('|')
}

function layerInfo(layer: PlannedLayer): LayerInfo {
  return {
    id: layer.id,
    dir: layer.dir,
    release: layer.release,
    namespace: layer.namespace,
    charts: layer.charts.map(({alias, chart, version, repository}) => ({alias, chart, version, repository})),
  }
}

/**
 * Runs `helm dependency build` when charts/ lacks a dependency the layer pins. Offline that fails
 * for charts from a repository: each missing chart is then a problem saying how to get it.
 */
async function ensureDependencies(
  layer: PlannedLayer,
  chartDir: string,
  helmBin: string,
  progress: (message: string) => void,
): Promise<{ran: boolean; problems: Problem[]}> {
  const absent = () => {
    const present = presentDependencies(chartDir)
    return layer.charts.filter((chart) => !present.has(`${chart.chart}@${chart.version}`))
  }
  const before = absent()
  if (before.length === 0) return {ran: false, problems: []}
  progress(
    `helm dependency build ${chartDir} (charts/ lacks ${before.map((chart) => `${chart.chart} ${chart.version}`).join(', ')})`,
  )
  const result = await runHelm(helmBin, ['dependency', 'build', chartDir], {timeoutMs: 300_000})
  const after = absent()
  // Helm reports (on stdout) each repository it could not reach, and the error on the next line.
  const lines = `${result.stdout}\n${result.stderr}`.split('\n').map((line) => line.trim())
  const reasonFor = (repository: string) => {
    if (result.ok) return undefined
    if (result.timedOut) return 'timed out'
    const base = repository.replace(/\/+$/, '')
    const index = lines.findIndex((line) => line.includes(`"${base}"`) || line.includes(`"${base}/"`))
    const next = index >= 0 ? lines[index + 1] : undefined
    return next || result.stderr.trim().split('\n').filter(Boolean).at(-1) || `exit code ${result.exitCode}`
  }
  return {
    ran: true,
    problems: after.map((chart) => {
      const reason = reasonFor(chart.repository)
      const local = chart.repository.startsWith('file://')
      const file = `${chart.chart}-${chart.version}.tgz`
      const pull = helmPull(chart.chart, chart.version, chart.repository)
      return {
        source: `${join(chartDir, 'charts')}`,
        message: `has no ${chart.chart} ${chart.version} (${chart.alias}), and helm dependency build could not get it${reason ? `: ${shorten(reason)}` : ''}`,
        hint: local
          ? `regenerate the stack so that ${chart.repository.slice('file://'.length)} is in place, then run helm dependency build ${chartDir}`
          : `where ${chart.repository} can be reached, run helm dependency build ${chartDir}; or copy ${file} into ${join(chartDir, 'charts')}/ from a machine that has it (${pull} -d ${join(chartDir, 'charts')})`,
      }
    }),
  }
}

async function renderLayer(
  layer: PlannedLayer,
  chartDir: string,
  helmBin: string,
  kubeVersion: string,
  skipSchemaValidation: boolean,
): Promise<{layer?: RenderedLayer; problems: Problem[]; warnings: Problem[]}> {
  const args = [
    'template',
    layer.release,
    chartDir,
    '--namespace',
    layer.namespace,
    '--kube-version',
    kubeVersion,
    ...(skipSchemaValidation ? ['--skip-schema-validation'] : []),
  ]
  const result = await runHelm(helmBin, args, {timeoutMs: 300_000})
  if (!result.ok) {
    const url = remoteSchemaFailure(result.stderr)
    const lines = result.stderr.trim().split('\n').filter(Boolean)
    return {
      problems: [
        url
          ? {
              source: chartDir,
              message: `a values schema refers to ${url}, which Helm could not fetch (offline?)`,
              hint: `retry where ${new URL(url).host} can be reached, or render by hand with helm ${args.join(' ')} --skip-schema-validation`,
            }
          : {
              source: chartDir,
              message: `helm template failed: ${result.timedOut ? 'timed out' : shorten(lines.slice(0, 3).join(' ') || `exit code ${result.exitCode}`, 400)}`,
              hint: `run helm ${args.join(' ')} for the details`,
            },
      ],
      warnings: [],
    }
  }
  const {objects, problems} = splitManifests(result.stdout, layer.dir, mayNameImages)
  return {layer: {layer: layerInfo(layer), objects}, problems: [], warnings: problems}
}

async function canSkipSchemaValidation(helmBin: string): Promise<boolean> {
  const help = await runHelm(helmBin, ['template', '--help'], {timeoutMs: 15_000})
  return help.stdout.includes('--skip-schema-validation')
}

function shorten(text: string, max = 200): string {
  return text.length > max ? `${text.slice(0, max - 3)}...` : text
}
