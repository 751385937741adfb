import {rmSync} from 'node:fs'
import {afterAll, describe, expect, it} from 'vitest'
import {parseAllDocuments} from 'yaml'
import type {AnswersInput} from '../src/answers/schema.js'
import {stepsOf} from '../src/plan/install-steps.js'
import type {Plan} from '../src/plan/types.js'
import {sharedChartsMissing} from './support/charts.js'
import type {KubeObject} from './support/control-plane.js'
import {GITOPS_REPO, gitopsObjects, withGitops} from './support/gitops.js'
import {helmBinaries} from './support/helm.js'
import {coverageAnswers} from './support/plans.js'
import {templateLayer, writeStackWithCharts} from './support/rendered-images.js'
import {IN_CI} from './support/shared.js'

/**
 * The Argo CD and Flux output of every preset and of the covering set, against the real charts:
 * the engines' order is the layer order, every path they reference is a layer chart of the stack
 * that helm template renders, and a layer is applied server-side exactly when one of its rendered
 * CRDs is too large for client-side apply's last-applied annotation.
 */

const KUBE_VERSION = '1.37.0'
/** kubectl's last-applied-configuration annotation, like every annotation set, is capped at 256 KiB. */
const ANNOTATION_LIMIT = 256 * 1024
/** How the catalog words the fields cert-manager's CA injector writes (catalog/settings.ts). */
const CA_INJECTOR = "cert-manager's CA injector"

const roots: string[] = []
afterAll(() => {
  for (const root of roots) rmSync(root, {recursive: true, force: true})
})

const missing = sharedChartsMissing()
const helm = helmBinaries().find((binary) => binary.major === 4)
if (!helm && IN_CI) throw new Error('gitops: HELM4_BIN is not set or missing, and CI=true forbids skipping')

const stacks: AnswersInput[] = [
  {preset: 'minimal'},
  {preset: 'standard'},
  {preset: 'full'},
  ...coverageAnswers(),
]

if (missing || !helm) {
  console.warn(
    `SKIPPED gitops with the real charts: ${missing ?? 'set HELM4_BIN to a helm 4 binary to run it'}`,
  )
  describe.skip('gitops with the real charts', () => {
    it('needs ../shared/charts and Helm 4', () => {})
  })
} else {
  describe('gitops output with the real charts', () => {
    it.each(stacks.map((input, index) => [index, input] as const))(
      'stack %i: order, chart paths and server-side apply match the rendered layers',
      (_index, input) => {
        const {plan, root} = writeStackWithCharts(withGitops(input, 'argocd'), 'prodstack-gitops-')
        roots.push(root)
        const layers = stepsOf(plan.install, 'release')
        const rendered = new Map<string, RenderedLayer>()
        for (const step of layers) {
          const manifests = templateLayer(helm, root, step, KUBE_VERSION, '--include-crds')
          rendered.set(step.dir, summarise(manifests))
        }
        for (const step of layers) {
          const layer = rendered.get(step.dir)!
          expect(
            {layer: step.dir, serverSideApply: step.serverSideApply === true},
            `largest CRD ${layer.largestCrd} bytes`,
          ).toEqual({layer: step.dir, serverSideApply: layer.largestCrd > ANNOTATION_LIMIT})
          // What cert-manager's CA injector rewrites is declared, and nothing is declared for a kind the layer lacks.
          const declared = new Set(
            (step.rewrittenFields ?? []).map((field) => `${field.group}/${field.kind}`),
          )
          for (const kind of layer.injected) expect(declared, `${step.dir}: injected`).toContain(kind)
          for (const kind of declared) expect(layer.kinds, `${step.dir}: declared`).toContain(kind)
          const byCaInjector = (step.rewrittenFields ?? []).filter((field) =>
            field.why.startsWith(CA_INJECTOR),
          )
          expect(new Set(byCaInjector.map((field) => `${field.group}/${field.kind}`)), step.dir).toEqual(
            layer.injected,
          )
        }

        const argo = gitopsObjects(helm, plan, 'argocd')
        // In layer order (helm template lists them by file name).
        const apps = layers.map((step) => {
          const app = argo.find(
            (object) => object.kind === 'Application' && object.metadata.name === step.release,
          )
          if (!app) throw new Error(`no Application for ${step.release}`)
          return app
        })
        expect(argo.filter((object) => object.kind === 'Application')).toHaveLength(layers.length + 1)
        const waves = apps.map((app) => Number(app.metadata.annotations['argocd.argoproj.io/sync-wave']))
        expect(waves).toEqual([...waves].sort((a, b) => a - b))
        expect(new Set(waves).size).toBe(waves.length)
        expect(apps.map((app) => app.spec.sources[0].path)).toEqual(
          layers.map((step) => chartPath(plan, step.dir)),
        )
        for (const app of apps) expect(app.spec.sources[0].repoURL).toBe(GITOPS_REPO)
        expect(apps.map((app) => ignoredFields(app))).toEqual(
          layers.map((step) => [
            ...new Set((step.rewrittenFields ?? []).map((f) => `${f.group}/${f.kind} ${f.jqPath}`)),
          ]),
        )
        const syncOptions = apps.map((app) => (app.spec.syncPolicy.syncOptions ?? []) as string[])
        expect(syncOptions.map((options) => options.includes('ServerSideApply=true'))).toEqual(
          layers.map((step) => step.serverSideApply === true),
        )

        const flux = gitopsObjects(helm, withGitopsPlan(plan, 'flux'), 'flux')
        const releases = flux.filter((object) => object.kind === 'HelmRelease')
        expect(releases.map((release) => release.spec.chart.spec.chart)).toEqual(
          layers.map((step) => `./${chartPath(plan, step.dir)}`),
        )
        expect(releases.map((release) => release.spec.dependsOn?.[0]?.name ?? null)).toEqual(
          layers.map((_step, index) => layers[index - 1]?.release ?? null),
        )
      },
      240_000,
    )
  })
}

/** The plan of the same stack with the other engine: only the answers that pick it change. */
function withGitopsPlan(plan: Plan, engine: 'argocd' | 'flux'): Plan {
  return {...plan, answers: {...plan.answers, gitops: engine}}
}

function chartPath(plan: Plan, dir: string): string {
  const base = plan.answers.gitPath ?? plan.answers.name
  return dir === '.' ? base : `${base}/${dir}`
}

interface RenderedLayer {
  /** The largest CRD, in bytes of compact JSON (what kubectl would put in its annotation). */
  largestCrd: number
  /** group/kind of every object. */
  kinds: Set<string>
  /** group/kind of the objects cert-manager's CA injector writes a caBundle into. */
  injected: Set<string>
}

function summarise(manifests: string): RenderedLayer {
  const layer: RenderedLayer = {largestCrd: 0, kinds: new Set(), injected: new Set()}
  for (const document of parseAllDocuments(manifests)) {
    const object = document.toJS({maxAliasCount: -1}) as KubeObject | null
    if (!object?.kind) continue
    const kind = `${String(object.apiVersion).split('/').slice(0, -1).join('/')}/${object.kind}`
    layer.kinds.add(kind)
    if (object.kind === 'CustomResourceDefinition')
      layer.largestCrd = Math.max(layer.largestCrd, Buffer.byteLength(JSON.stringify(object)))
    const annotations = Object.keys(object.metadata?.annotations ?? {})
    if (annotations.some((key) => key.startsWith('cert-manager.io/inject-ca-from'))) layer.injected.add(kind)
  }
  return layer
}

function ignoredFields(app: KubeObject): string[] {
  return ((app.spec.ignoreDifferences ?? []) as KubeObject[]).flatMap((entry) =>
    (entry.jqPathExpressions as string[]).map((path) => `${entry.group}/${entry.kind} ${path}`),
  )
}
