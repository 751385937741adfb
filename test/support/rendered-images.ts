import {mkdtempSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {parseAllDocuments} from 'yaml'
import type {AnswersInput} from '../../src/answers/schema.js'
import {renderStackFiles} from '../../src/app/stack.js'
import type {Plan} from '../../src/plan/types.js'
import {installSharedCharts} from './charts.js'
import {runCli} from './cli.js'
import {type HelmBinary, runHelm, writeFileSet} from './helm.js'
import {planFor} from './plans.js'

/**
 * Image normalisation written independently of src/images: what the container runtimes do with a
 * reference (Docker Hub by default, `library/` for official images, `latest` without tag or digest).
 */
export function normalise(image: string): string {
  let name = image
  let digest = ''
  if (name.includes('@')) [name, digest] = [name.slice(0, name.indexOf('@')), name.slice(name.indexOf('@'))]
  let tag = ''
  if (name.lastIndexOf(':') > name.lastIndexOf('/'))
    [name, tag] = [name.slice(0, name.lastIndexOf(':')), name.slice(name.lastIndexOf(':'))]
  if (!tag && !digest) tag = ':latest'
  const parts = name.split('/')
  const registry =
    parts.length > 1 && (/[.:]/.test(parts[0]!) || parts[0] === 'localhost') ? parts.shift()! : 'docker.io'
  if (registry === 'docker.io' && parts.length === 1) parts.unshift('library')
  return `${registry === 'index.docker.io' ? 'docker.io' : registry}/${parts.join('/')}${tag}${digest}`
}

/** Every image in every containers/initContainers/ephemeralContainers list, anywhere in the output. */
export function podSpecImages(manifests: string): Set<string> {
  const images = new Set<string>()
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk)
    else if (node && typeof node === 'object') {
      const object = node as Record<string, unknown>
      for (const key of ['containers', 'initContainers', 'ephemeralContainers']) {
        const list = object[key]
        if (!Array.isArray(list)) continue
        for (const container of list) {
          const image = (container as {image?: unknown})?.image
          // Istio's injector replaces `auto` with its proxy image; that one is checked below.
          if (typeof image === 'string' && image !== 'auto') images.add(normalise(image))
        }
      }
      Object.values(object).forEach(walk)
    }
  }
  // A document without the word cannot name an image: skip parsing it (dashboards, rules, CRDs).
  for (const document of manifests.split(/^---$/m).filter((text) => text.includes('image')))
    for (const doc of parseAllDocuments(document, {uniqueKeys: false})) walk(doc.toJS())
  return images
}

/** Runs the built CLI against real Helm, with a private Helm home and no way out to the network. */
export function images(helm: HelmBinary, home: string, root: string, ...args: string[]) {
  return runCli(root, ['images', root, ...args], {
    timeoutMs: 240_000,
    env: {
      HELM_BIN: helm.path,
      HELM_CACHE_HOME: join(home, 'cache'),
      HELM_CONFIG_HOME: join(home, 'config'),
      HELM_DATA_HOME: join(home, 'data'),
      // Offline on every machine: nothing listens on port 9.
      HTTPS_PROXY: 'http://127.0.0.1:9',
      HTTP_PROXY: 'http://127.0.0.1:9',
      NO_PROXY: '',
    },
  })
}

/** The pod-spec images of every layer of a written stack, each layer rendered by `helm template`. */
export function renderedPodSpecImages(
  helm: HelmBinary,
  plan: Plan,
  root: string,
  kubeVersion: string,
): Set<string> {
  const images = new Set<string>()
  for (const layer of plan.layers)
    for (const image of podSpecImages(templateLayer(helm, root, layer, kubeVersion))) images.add(image)
  return images
}

/**
 * `helm template` of one layer of a stack written with its charts. The schemas are proven
 * elsewhere; some `$ref` the internet, which these renders must not need.
 */
export function templateLayer(
  helm: HelmBinary,
  root: string,
  layer: {release: string; dir: string; namespace: string},
  kubeVersion: string,
  ...extra: string[]
): string {
  return runHelm(helm, [
    'template',
    layer.release,
    join(root, layer.dir),
    '--namespace',
    layer.namespace,
    '--kube-version',
    kubeVersion,
    '--skip-schema-validation',
    ...extra,
  ])
}

/** Writes the stack for `input` into a new directory under `prefix`, with the pinned charts from ../shared/charts. */
export function writeStackWithCharts(input: AnswersInput, prefix: string): {plan: Plan; root: string} {
  const plan = planFor(input)
  const root = mkdtempSync(join(tmpdir(), prefix))
  writeFileSet(root, renderStackFiles(plan, '0.0.0-test'))
  installSharedCharts(root, plan)
  return {plan, root}
}
