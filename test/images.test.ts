import {execFileSync} from 'node:child_process'
import {randomUUID} from 'node:crypto'
import {readdirSync, rmSync} from 'node:fs'
import {join} from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {parse} from 'yaml'
import type {AnswersInput} from '../src/answers/schema.js'
import {cycloneDxSbom, type SbomChart} from '../src/images/cyclonedx.js'
import type {ListedImage} from '../src/images/types.js'
import type {Plan} from '../src/plan/types.js'
import {packagedChart, sharedChartFile, sharedChartsMissing} from './support/charts.js'
import {requireBuild} from './support/cli.js'
import {describeEachHelm, type HelmBinary, helmHome} from './support/helm.js'
import {chartOf, FULL_SINGLE, settingOf} from './support/plans.js'
import {images, normalise, renderedPodSpecImages, writeStackWithCharts} from './support/rendered-images.js'

const KUBE_VERSION = '1.37.0'

/**
 * `--json` for every case. The CycloneDX document is validated for every case too: through the CLI
 * (`--format cyclonedx`, a second render) where `cli` is set, else built in-process from the
 * inventory with the same function. `--format list` runs where `list` is set.
 */
const cases: Array<{name: string; input: AnswersInput; list?: boolean; cli?: boolean}> = [
  {name: 'minimal preset', input: {preset: 'minimal'}, list: true},
  {name: 'standard preset', input: {preset: 'standard', domain: 'example.com'}},
  {name: 'full preset', input: {preset: 'full', domain: 'example.com'}, cli: true},
  {
    name: 'calico and linkerd',
    input: {preset: 'full', domain: 'example.com', cni: 'calico', mesh: 'linkerd'},
  },
  {
    name: 'standalone prometheus, ingress-nginx, flannel',
    input: {
      preset: 'standard',
      metrics: 'prometheus',
      ingress: 'ingress-nginx',
      allowRetired: true,
      cni: 'flannel',
    },
    list: true,
  },
  {
    name: 'fluentd to opensearch, nginx-ingress, weave-net',
    input: {
      preset: 'standard',
      domain: 'example.com',
      cni: 'weave-net',
      ingress: 'nginx-ingress',
      logging: 'fluentd',
      logStore: 'opensearch',
      dashboards: ['grafana', 'opensearch-dashboards'],
    },
  },
  {
    name: 'full preset, single chart',
    input: FULL_SINGLE,
  },
]

const roots: string[] = []
afterAll(() => {
  for (const root of roots) rmSync(root, {recursive: true, force: true})
})

/** The images reported by `images --json`, as the test reads them. */
interface Reported {
  status: string
  stack: string
  layers: Array<{dir: string; skippedSchemaValidation: boolean; dependencyBuild: boolean}>
  charts: SbomChart[]
  images: ListedImage[]
  warnings: Array<{source: string; message: string; hint?: string}>
}

const get = (tree: unknown, path: string): unknown =>
  path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], tree)

const has = (plan: Plan, alias: string) =>
  plan.layers.some((layer) => layer.charts.some((chart) => chart.alias === alias))

/**
 * The images operators and meshes start, computed from the pinned charts' released values (and
 * what the plan sets over them), independently of how `images` derives them from the manifests.
 */
function operatorStarted(plan: Plan, helm: HelmBinary): string[] {
  const expected: string[] = []
  const values = (alias: string) => {
    const chart = chartOf(plan, alias)
    return packagedChart(helm, chart.chart, chart.version, 'values')
  }
  const appVersion = (alias: string) => {
    const chart = chartOf(plan, alias)
    return String(packagedChart(helm, chart.chart, chart.version, 'chart').appVersion)
  }
  if (has(plan, 'cert-manager')) {
    const v = values('cert-manager')
    expected.push(
      `${get(v, 'imageRegistry')}/${get(v, 'imageNamespace')}/${get(v, 'acmesolver.image.name')}:${get(v, 'acmesolver.image.tag') || appVersion('cert-manager')}`,
    )
  }
  if (has(plan, 'kube-prometheus-stack')) {
    const v = values('kube-prometheus-stack')
    const image = (path: string) =>
      `${get(v, `${path}.registry`)}/${get(v, `${path}.repository`)}:${get(v, `${path}.tag`) || appVersion('kube-prometheus-stack')}`
    expected.push(
      image('prometheus.prometheusSpec.image'),
      image('alertmanager.alertmanagerSpec.image'),
      image('prometheusOperator.prometheusConfigReloader.image'),
    )
  }
  if (has(plan, 'istiod')) {
    const global = get(values('istiod'), '_internal_defaults_do_not_set.global')
    // Istio's profiles (ambient) may pick an image variant: read it from the chart's profile file.
    const profile = settingOf(plan, 'istiod', 'profile')
    const profileGlobal = profile
      ? get(
          parse(
            execFileSync(
              'tar',
              [
                '-xzOf',
                sharedChartFile('istiod', chartOf(plan, 'istiod').version),
                `istiod/files/profile-${profile}.yaml`,
              ],
              {encoding: 'utf8'},
            ),
          ),
          'global',
        )
      : undefined
    const variant = get(profileGlobal, 'variant') ?? get(global, 'variant')
    expected.push(
      `${get(global, 'hub')}/${get(global, 'proxy.image')}:${get(global, 'tag')}${variant ? `-${variant}` : ''}`,
    )
  }
  if (has(plan, 'linkerd-control-plane')) {
    const v = values('linkerd-control-plane')
    expected.push(
      `${get(v, 'proxy.image.name')}:${get(v, 'proxy.image.version') || get(v, 'linkerdVersion')}`,
    )
  }
  const registry = has(plan, 'eck-operator')
    ? get(values('eck-operator'), 'config.containerRegistry')
    : undefined
  for (const [alias, image] of [
    ['elasticsearch', 'elasticsearch/elasticsearch'],
    ['kibana', 'kibana/kibana'],
  ] as const) {
    if (!has(plan, alias)) continue
    const version = settingOf(plan, alias, 'version') ?? get(values(alias), 'version')
    expected.push(`${registry}/${image}:${version}`)
  }
  if (has(plan, 'tigera-operator')) {
    const chart = chartOf(plan, 'tigera-operator')
    const v = values('tigera-operator')
    const calico = `${String(get(v, 'installation.registry') ?? 'quay.io').replace(/\/$/, '')}/calico`
    for (const name of ['node', 'cni', 'typha', 'kube-controllers'])
      expected.push(`${calico}/${name}:${chart.version}`)
    const installation = (key: string) =>
      settingOf(plan, 'tigera-operator', `installation.${key}`) ?? get(v, `installation.${key}`)
    if (installation('flexVolumePath') !== 'None')
      expected.push(`${calico}/pod2daemon-flexvol:${chart.version}`)
    if (installation('kubeletVolumePluginPath') !== 'None')
      expected.push(`${calico}/csi:${chart.version}`, `${calico}/node-driver-registrar:${chart.version}`)
    if (get(v, 'apiServer.enabled') !== false) expected.push(`${calico}/apiserver:${chart.version}`)
    if (get(v, 'goldmane.enabled') !== false) expected.push(`${calico}/goldmane:${chart.version}`)
    if (get(v, 'whisker.enabled') !== false)
      expected.push(`${calico}/whisker:${chart.version}`, `${calico}/whisker-backend:${chart.version}`)
  }
  return expected.map(normalise)
}

function writeStack(input: AnswersInput): {plan: Plan; root: string} {
  const written = writeStackWithCharts(input, 'prodstack-images-')
  roots.push(written.root)
  return written
}

const validator = (async () => {
  const {Validation, Spec} = await import('@cyclonedx/cyclonedx-library')
  return new Validation.JsonStrictValidator(Spec.Version.v1dot6)
})()

const counts = new Map<string, number>()
afterAll(() => {
  if (counts.size > 0)
    console.log(`images found: ${[...counts].map(([name, count]) => `${name}: ${count}`).join('; ')}`)
})

const missing = sharedChartsMissing()
if (missing) {
  console.warn(`SKIPPED images with the real charts: ${missing}`)
  describe.skip('prodstack images with the real charts', () => {
    it('needs ../shared/charts', () => {})
  })
} else {
  requireBuild()
  describeEachHelm('prodstack images with the real charts', (helm) => {
    for (const {name, input, list: checkList, cli: sbomFromCli} of cases) {
      it(`${name}: lists every pod-spec image and the operator-started ones, and a valid CycloneDX SBOM of them`, async () => {
        const {plan, root} = writeStack(input)
        const home = helmHome()
        roots.push(home)
        const result = images(helm, home, root, '--json')
        expect(result.status, result.stdout + result.stderr).toBe(0)
        const report = JSON.parse(result.stdout) as Reported
        expect(report.status).toBe('ok')
        const listed = new Set(report.images.map((image) => image.ref))
        counts.set(`${name} (Helm ${helm.major})`, listed.size)

        // Every image of every rendered pod spec, extracted here with a plain walk over helm template.
        const inManifests = renderedPodSpecImages(helm, plan, root, KUBE_VERSION)
        expect(inManifests.size).toBeGreaterThan(0)
        expect([...inManifests].filter((image) => !listed.has(image))).toEqual([])
        for (const image of inManifests)
          expect(
            report.images.find((entry) => entry.ref === image)!.uses.some((use) => use.origin === 'manifest'),
          ).toBe(true)

        // And those that only operators and meshes start.
        const started = operatorStarted(plan, helm)
        expect(started.filter((image) => !listed.has(image))).toEqual([])
        for (const image of started) {
          const entry = report.images.find((candidate) => candidate.ref === image)!
          expect(
            entry.uses.some((use) => use.origin !== 'manifest'),
            image,
          ).toBe(true)
        }
        // Nothing invented: the pod-spec images are exactly those, the others exactly the started ones.
        const fromManifests = report.images.filter((image) =>
          image.uses.some((use) => use.origin === 'manifest'),
        )
        expect(new Set(fromManifests.map((image) => image.ref))).toEqual(inManifests)
        const onlyStarted = report.images
          .filter((image) => !inManifests.has(image.ref))
          .map((image) => image.ref)
        expect(new Set(onlyStarted)).toEqual(new Set(started.filter((image) => !inManifests.has(image))))

        // Each use names its chart and layer from the plan.
        const aliases = new Map(
          plan.layers.flatMap((layer) => layer.charts.map((chart) => [chart.alias, {layer, chart}])),
        )
        for (const image of report.images)
          for (const use of image.uses) {
            if (!use.alias) continue
            const planned = aliases.get(use.alias)!
            expect(planned, `${image.ref}: ${use.alias}`).toBeDefined()
            expect(use.chart).toBe(planned.chart.chart)
            expect(use.layer).toBe(planned.layer.dir)
          }

        // Offline honesty: the layer with F5's nginx-ingress is rendered without its remote schema.
        const remoteSchema = has(plan, 'nginx-ingress')
        expect(report.layers.some((layer) => layer.skippedSchemaValidation)).toBe(remoteSchema)
        if (remoteSchema)
          expect(
            report.warnings.some((warning) =>
              /raw\.githubusercontent\.com.*--skip-schema-validation/.test(warning.message),
            ),
          ).toBe(true)
        expect(report.layers.every((layer) => !layer.dependencyBuild || has(plan, 'weave-net'))).toBe(true)

        if (checkList) {
          const list = images(helm, home, root, '--format', 'list')
          expect(list.status, list.stderr).toBe(0)
          expect(list.stdout).toBe(`${[...listed].sort().join('\n')}\n`)
        }

        let document: string
        if (sbomFromCli) {
          const sbom = images(helm, home, root, '--format', 'cyclonedx')
          expect(sbom.status, sbom.stderr).toBe(0)
          document = sbom.stdout
        } else {
          document = await cycloneDxSbom({
            stack: {name: report.stack},
            tool: {name: 'prodstack', version: '0.0.0-test'},
            charts: report.charts,
            images: report.images,
            timestamp: new Date(),
            serialNumber: `urn:uuid:${randomUUID()}`,
          })
        }
        expect(await (await validator).validate(document)).toBeNull()
        const bom = JSON.parse(document)
        expect(bom.specVersion).toBe('1.6')
        const components = bom.components as Array<{
          type: string
          name: string
          version?: string
          'bom-ref': string
        }>
        expect(
          components
            .filter((component) => component.type === 'container')
            .map((component) => component['bom-ref'])
            .sort(),
        ).toEqual([...listed].map((ref) => `image:${ref}`).sort())
        for (const chart of report.charts)
          expect(
            components.some(
              (component) =>
                component.type === 'application' &&
                component.name === chart.chart &&
                component.version === chart.version,
            ),
          ).toBe(true)
      }, 600_000)
    }

    it('offline, names each chart missing from charts/ and how to get it, and keeps the others', () => {
      const {plan, root} = writeStack({preset: 'minimal'})
      const layer = plan.layers.find((candidate) =>
        candidate.charts.some((chart) => chart.alias === 'traefik'),
      )!
      rmSync(join(root, layer.dir, 'charts', `traefik-${chartOf(plan, 'traefik').version}.tgz`))
      const before = readdirSync(join(root, layer.dir, 'charts')).sort()
      const home = helmHome()
      roots.push(home)
      const result = images(helm, home, root, '--json')
      expect(result.status).toBe(1)
      const error = JSON.parse(result.stdout).error
      expect(error.code).toBe('CHARTS_MISSING')
      expect(error.problems).toHaveLength(1)
      const [problem] = error.problems
      const traefik = chartOf(plan, 'traefik')
      expect(problem.source).toBe(join(root, layer.dir, 'charts'))
      expect(problem.message).toContain(`has no traefik ${traefik.version}`)
      expect(problem.hint).toContain(
        `helm pull traefik --repo ${traefik.repository} --version ${traefik.version}`,
      )
      expect(readdirSync(join(root, layer.dir, 'charts')).sort()).toEqual(before)
    })
  })
}
