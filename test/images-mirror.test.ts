import {readFileSync, rmSync} from 'node:fs'
import {join} from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {parse} from 'yaml'
import type {AnswersInput} from '../src/answers/schema.js'
import type {ListedImage} from '../src/images/types.js'
import type {Plan} from '../src/plan/types.js'
import {sharedChartsMissing} from './support/charts.js'
import {requireBuild} from './support/cli.js'
import {helmBinaries, helmHome} from './support/helm.js'
import {coverageAnswers} from './support/plans.js'
import {images, renderedPodSpecImages, writeStackWithCharts} from './support/rendered-images.js'
import {IN_CI} from './support/shared.js'

/**
 * `--registry` and `--chart-registry` with the real charts: every image of every preset and of the
 * covering set, in the rendered pod specs (extracted here from helm template) and among those the
 * operators and meshes start (`images`), comes from the mirror, a host with a port and a path prefix.
 * The one exception is named by the plan: fluentd's `helm test` pod, whose image the chart hard-codes.
 */

const REGISTRY = 'mirror.example.com:5000/team/prod'
const CHART_REGISTRY = 'oci://mirror.example.com/charts'
const KUBE_VERSION = '1.37.0'
/** fluentd 0.6.0's test pod (templates/tests) names `busybox`, with no value to change it. */
const FLUENTD_TEST_IMAGE = 'docker.io/library/busybox:latest'

const roots: string[] = []
/** Operator-started and injected images seen (all from the mirror), across the stacks. */
const startedChecked = new Set<string>()
afterAll(() => {
  for (const root of roots) rmSync(root, {recursive: true, force: true})
})

function writeStack(input: AnswersInput): {plan: Plan; root: string} {
  const written = writeStackWithCharts(input, 'prodstack-mirror-')
  roots.push(written.root)
  return written
}

const hasChart = (plan: Plan, alias: string) =>
  plan.layers.some((layer) => layer.charts.some((chart) => chart.alias === alias))

/** The part of a reference after its repository: `:tag`, `@digest` or both. */
const version = (ref: string) => ref.slice(ref.lastIndexOf('/')).replace(/^[^:@]*/, '')

const missing = sharedChartsMissing()
// The values are the same for every Helm; the newest renders them.
const helm = helmBinaries().find((binary) => binary.major === 4)
if (!helm && IN_CI)
  throw new Error('images with a mirror: HELM4_BIN is not set or missing, and CI=true forbids skipping')
if (missing || !helm) {
  console.warn(`SKIPPED images with a mirror: ${missing ?? 'set HELM4_BIN to a helm 4 binary to run it'}`)
  describe.skip('images with a mirror', () => {
    it('needs ../shared/charts and Helm 4', () => {})
  })
} else {
  requireBuild()
  describe('images with a mirror (--registry, --chart-registry)', () => {
    const home = helmHome()
    roots.push(home)

    for (const input of coverageAnswers()) {
      it(`${JSON.stringify(input)}: every image from the mirror`, () => {
        const {plan, root} = writeStack({...input, registry: REGISTRY, chartRegistry: CHART_REGISTRY})
        const fluentd = hasChart(plan, 'fluentd')
        const allowed = (image: string) => fluentd && image === FLUENTD_TEST_IMAGE
        if (fluentd)
          expect(plan.warnings.map((warning) => warning.message).join('\n')).toMatch(
            /fluentd chart names busybox from Docker Hub in its helm test pod/,
          )

        // Every Chart.yaml dependency from the chart mirror, but the charts prodstack ships.
        for (const layer of plan.layers) {
          const chartYaml = parse(readFileSync(join(root, layer.dir, 'Chart.yaml'), 'utf8')) as {
            dependencies: Array<{name: string; repository: string}>
          }
          for (const dependency of chartYaml.dependencies)
            expect(dependency.repository, dependency.name).toBe(
              dependency.repository.startsWith('file://') ? dependency.repository : CHART_REGISTRY,
            )
        }

        // Pod specs, read here from helm template's output.
        const inManifests = renderedPodSpecImages(helm, plan, root, KUBE_VERSION)
        expect(inManifests.size).toBeGreaterThan(3)
        expect(
          [...inManifests].filter((image) => !image.startsWith(`${REGISTRY}/`) && !allowed(image)),
        ).toEqual([])

        // And every image `images` lists, the operator-started and injected ones included.
        const result = images(helm, home, root, '--json')
        expect(result.status, result.stdout + result.stderr).toBe(0)
        const listed = (JSON.parse(result.stdout) as {images: ListedImage[]}).images
        for (const image of listed)
          if (image.uses.some((use) => use.origin !== 'manifest')) startedChecked.add(image.ref)
        const outside = listed.filter((image) => !image.ref.startsWith(`${REGISTRY}/`))
        for (const image of outside) {
          expect(allowed(image.ref), image.ref).toBe(true)
          expect(image.uses.every((use) => use.hook === 'test' && use.chart === 'fluentd')).toBe(true)
        }
      }, 300_000)
    }

    it('checked the images operators and meshes start, not only pod specs', () => {
      for (const name of [
        'calico/node',
        'elasticsearch/elasticsearch',
        'istio/proxyv2',
        'linkerd/proxy',
        'prometheus/prometheus',
      ])
        expect(
          [...startedChecked].some((ref) => ref.startsWith(`${REGISTRY}/${name}:`)),
          name,
        ).toBe(true)
    })

    it('--format mirror pairs each upstream image with its name in the mirror, and lists the charts to copy', () => {
      const input: AnswersInput = {
        preset: 'full',
        domain: 'example.com',
        cni: 'calico',
        logging: 'fluentd',
        logStore: 'elasticsearch',
        dashboards: ['kibana'],
      }
      const upstream = writeStack(input)
      const plain = images(helm, home, upstream.root, '--json')
      expect(plain.status, plain.stderr).toBe(0)
      const sources = new Set(
        (JSON.parse(plain.stdout) as {images: ListedImage[]}).images.map((image) => image.ref),
      )

      const {plan, root} = writeStack({...input, registry: REGISTRY, chartRegistry: CHART_REGISTRY})
      const result = images(helm, home, root, '--format', 'mirror', '--json')
      expect(result.status, result.stdout + result.stderr).toBe(0)
      const report = JSON.parse(result.stdout) as {
        registry: string
        images: Array<{source: string; target: string; components: string[]}>
        charts: Array<{chart: string; version: string; source: string; target: string}>
        warnings: Array<{message: string}>
      }
      expect(report.registry).toBe(REGISTRY)
      expect(report.images.length).toBeGreaterThan(20)
      for (const pair of report.images) {
        expect(sources.has(pair.source), pair.source).toBe(true)
        expect(pair.target.startsWith(`${REGISTRY}/`), pair.target).toBe(true)
        expect(version(pair.target)).toBe(version(pair.source))
        expect(pair.components.length).toBeGreaterThan(0)
      }
      // Every upstream image is paired, but the test pod's, which a warning names.
      const paired = new Set(report.images.map((pair) => pair.source))
      expect([...sources].filter((source) => !paired.has(source))).toEqual([FLUENTD_TEST_IMAGE])
      expect(
        report.warnings.some((warning) =>
          warning.message.includes(`pulls ${FLUENTD_TEST_IMAGE} from its upstream registry`),
        ),
      ).toBe(true)
      // The operator-started ones are there: ECK's Elasticsearch and Calico's node.
      expect(
        report.images.some((pair) => pair.target.startsWith(`${REGISTRY}/elasticsearch/elasticsearch:`)),
      ).toBe(true)
      expect(report.images.some((pair) => pair.target.startsWith(`${REGISTRY}/calico/node:`))).toBe(true)

      const upstreamCharts = plan.layers
        .flatMap((layer) => layer.charts)
        .filter((chart) => !chart.repository.startsWith('file://'))
      expect(report.charts.map((chart) => chart.chart).sort()).toEqual(
        [...new Set(upstreamCharts.map((chart) => chart.chart))].sort(),
      )
      for (const chart of report.charts) {
        expect(chart.target).toBe(`${CHART_REGISTRY}/${chart.chart}`)
        expect(chart.source).toMatch(/^https:\/\//)
      }

      // Plain text: one "SOURCE TARGET" a line on stdout, the same pairs.
      const text = images(helm, home, root, '--format', 'mirror')
      expect(text.status, text.stderr).toBe(0)
      expect(text.stdout).toBe(`${report.images.map((pair) => `${pair.source} ${pair.target}`).join('\n')}\n`)
      expect(text.stderr).toMatch(/chart cilium|chart tigera-operator/)
    }, 600_000)

    it('--format mirror on a stack without a mirror says how to name one', () => {
      const {root} = writeStack({preset: 'minimal'})
      const result = images(helm, home, root, '--format', 'mirror', '--json')
      expect(result.status).toBe(1)
      const error = JSON.parse(result.stdout).error
      expect(error.code).toBe('NO_MIRROR')
      expect(error.problems[0].hint).toContain('--registry')
    })
  })
}
