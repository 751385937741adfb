import {existsSync, readdirSync} from 'node:fs'
import {join} from 'node:path'
import {afterAll, beforeAll, expect, it} from 'vitest'
import {stringify} from 'yaml'
import type {AnswersInput} from '../../src/answers/schema.js'
import {
  CLUSTER_BIN,
  type ControlPlane,
  describeWithCluster,
  missingClusterTools,
  startControlPlane,
} from '../support/control-plane.js'
import {gitopsObjects, withGitops} from '../support/gitops.js'
import {helmBinaries} from '../support/helm.js'
import {coverageAnswers, planFor} from '../support/plans.js'
import {UPSTREAM_DIR} from '../support/shared.js'

/**
 * The Argo CD and Flux objects of every preset and of the covering set are admitted by the API
 * server with the engines' real CRDs installed (server-side apply, dry run): Argo CD v3.4's
 * Application, ApplicationSet and AppProject from ../shared, Flux's HelmRelease v2 and source v1
 * from ../shared, and Flux's Kustomization from the kustomize-controller module. Argo CD's apps
 * chart is rendered twice: for the cluster Argo CD runs in, and for a fleet cluster.
 */

const KUSTOMIZATION_CRD = 'crds/kustomize.toolkit.fluxcd.io_kustomizations.yaml'
const ARGO_CRDS = join(UPSTREAM_DIR, 'argo-cd-crds', 'rendered')
const FLUX_CRDS = join(UPSTREAM_DIR, 'flux-crds', 'crds')
const FLEET_CLUSTER = [
  'cluster.name=edge-1',
  'cluster.server=https://edge-1.example.com:6443',
  'namePrefix=edge-1-',
]

const helm = helmBinaries().find((binary) => binary.major === 4)
const missing =
  missingClusterTools([KUSTOMIZATION_CRD]) ??
  (existsSync(ARGO_CRDS) && existsSync(FLUX_CRDS) ? undefined : `${ARGO_CRDS} or ${FLUX_CRDS} is missing`) ??
  (helm ? undefined : 'HELM4_BIN is not set')

const stacks: AnswersInput[] = [
  {preset: 'minimal'},
  {preset: 'standard'},
  {preset: 'full'},
  ...coverageAnswers(),
]

const crdFiles = () => [
  ...readdirSync(ARGO_CRDS).map((file) => join(ARGO_CRDS, file)),
  ...readdirSync(FLUX_CRDS).map((file) => join(FLUX_CRDS, file)),
  join(CLUSTER_BIN, KUSTOMIZATION_CRD),
]

describeWithCluster('GitOps objects admitted with the real Argo CD and Flux CRDs', missing, () => {
  let cluster: ControlPlane

  beforeAll(async () => {
    cluster = await startControlPlane({nodes: 1})
    // ApplicationSet's CRD is 1.4 MB: too large for client-side apply, as Argo CD's chart says.
    const crds = await cluster.kubectl([
      'apply',
      '--server-side',
      ...crdFiles().flatMap((file) => ['-f', file]),
    ])
    if (crds.status !== 0) throw new Error(`installing the CRDs failed:\n${crds.stderr}`)
    await cluster.waitForCrdsEstablished()
    const namespaces = await cluster.kubectl(['create', 'namespace', 'argocd'])
    const flux = await cluster.kubectl(['create', 'namespace', 'flux-system'])
    if (namespaces.status !== 0 || flux.status !== 0) throw new Error('creating the engine namespaces failed')
  }, 180_000)
  afterAll(() => cluster?.stop(), 60_000)

  it('serves the engines’ API versions', async () => {
    const groups = await cluster.kubectl(['api-versions'])
    expect(groups.status).toBe(0)
    expect(groups.stdout.split('\n')).toEqual(
      expect.arrayContaining([
        'argoproj.io/v1alpha1',
        'helm.toolkit.fluxcd.io/v2',
        'source.toolkit.fluxcd.io/v1',
        'kustomize.toolkit.fluxcd.io/v1',
      ]),
    )
  })

  it.each(
    stacks.flatMap((input, index) =>
      (['argocd', 'flux'] as const).map((engine) => [index, engine, input] as const),
    ),
  )(
    'stack %i with %s: every object is admitted',
    async (_index, engine, input) => {
      const plan = planFor(withGitops(input, engine))
      const objects = gitopsObjects(helm!, plan, engine)
      if (engine === 'argocd')
        objects.push(...gitopsObjects(helm!, plan, engine, FLEET_CLUSTER).filter(isLayerApp))
      const manifest = objects.map((object) => `---\n${stringify(object)}`).join('')
      const applied = await cluster.kubectl(
        ['apply', '--server-side', '--dry-run=server', '--field-manager=prodstack-test', '-f', '-'],
        {input: manifest},
      )
      expect(applied.stderr).toBe('')
      expect(applied.status).toBe(0)
      const lines = applied.stdout.trim().split('\n')
      expect(lines).toHaveLength(objects.length)
      for (const line of lines) expect(line).toMatch(/ serverside-applied \(server dry run\)$/)
    },
    120_000,
  )
})

/** A layer's Application (the fleet render repeats the root and fleet files; only its apps differ). */
function isLayerApp(object: {kind?: string; metadata?: {annotations?: Record<string, string>}}): boolean {
  return (
    object.kind === 'Application' && Boolean(object.metadata?.annotations?.['argocd.argoproj.io/sync-wave'])
  )
}
