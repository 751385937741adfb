import type {Problem} from '../errors.js'
import {operatorImages} from './operators.js'
import {normalizeImage} from './reference.js'
import type {ImageInventory, ImageUse, ListedImage, RenderedLayer} from './types.js'
import {type Found, type Located, layerName, nameOf, useAt} from './use.js'
import {containersOf, podTemplateOf} from './workloads.js'

/** Kinds operators start images from whose documents need not say `image`. */
const OPERATOR_KINDS =
  /^kind:\s*(?:Installation|APIServer|Goldmane|Whisker|Elasticsearch|Kibana|ApmServer|EnterpriseSearch|Logstash|ElasticMapsServer|Agent|Beat|Prometheus|PrometheusAgent|Alertmanager|ThanosRuler)\s*$|eck\.yaml/m

/**
 * Whether a rendered document can matter to the inventory, from its text: every pod spec says
 * `image`, and so do the configurations operators and meshes read, but for the kinds above. CRDs,
 * whose schemas mention images throughout, run nothing.
 */
export function mayNameImages(document: string): boolean {
  if (/^kind:\s*CustomResourceDefinition\s*$/m.test(document)) return false
  return document.includes('image') || OPERATOR_KINDS.test(document)
}

/** Istio's placeholder image: its injector replaces it with the proxy image when the pod is created. */
const ISTIO_AUTO = 'auto'

/**
 * Every container image of a rendered stack: the pod specs of every workload in every layer, and
 * the images the stack's operators and meshes start from what it renders. Images are normalised,
 * each with every place it is used, sorted by reference.
 */
export function collectImages(layers: RenderedLayer[]): ImageInventory {
  const all: Located[] = layers.flatMap(({layer, objects}) => objects.map((item) => ({layer, item})))
  const operators = operatorImages(all)
  const problems: Problem[] = [...operators.problems]
  const found: Found[] = []
  for (const located of all) {
    const template = podTemplateOf(located.item.object)
    if (!template) continue
    const workload = nameOf(located.item.object)
    for (const container of containersOf(template.spec)) {
      if (!container.image) {
        problems.push({
          source: `${layerName(located.layer)}: ${workload}`,
          message: `container ${container.name} has no image`,
          hint: 'Kubernetes refuses such a pod: check the values that set this image',
        })
        continue
      }
      if (container.image === ISTIO_AUTO) {
        const annotated = template.annotations['sidecar.istio.io/proxyImage']
        const proxy =
          typeof annotated === 'string' && annotated !== ''
            ? {
                image: annotated,
                startedBy: 'istiod (sidecar injection)',
                from: 'annotation sidecar.istio.io/proxyImage',
              }
            : operators.istioProxy
        if (!proxy) {
          problems.push({
            source: `${layerName(located.layer)}: ${workload}`,
            message: `container ${container.name} has image "auto", which Istio's injector replaces, but the stack renders no istiod injector configuration`,
            hint: 'the proxy image of the istiod that serves this cluster is needed here',
          })
          continue
        }
        found.push({
          raw: proxy.image,
          use: useAt(located, {
            workload,
            container: container.name,
            origin: 'injected',
            startedBy: proxy.startedBy,
            from: `image: auto, filled in from ${proxy.from}`,
          }),
        })
        continue
      }
      found.push({
        raw: container.image,
        use: useAt(located, {workload, container: container.name, origin: 'manifest'}),
      })
    }
  }
  found.push(...operators.found)
  return {images: group(found, layers, problems), warnings: problems}
}

function group(found: Found[], layers: RenderedLayer[], problems: Problem[]): ListedImage[] {
  const order = new Map(layers.map(({layer}, index) => [layer.dir, index]))
  const byRef = new Map<string, ListedImage>()
  const seen = new Set<string>()
  for (const {raw, use} of found) {
    const reference = normalizeImage(raw)
    if (!reference) {
      problems.push({
        source: `${use.layer === '.' ? use.release : use.layer}: ${use.workload}`,
        message: `container ${use.container} has image "${raw}", which is not a valid image reference`,
        hint: 'check the values that set this image (an empty tag or repository is a common cause)',
      })
      continue
    }
    const key = JSON.stringify([
      reference.ref,
      use.layer,
      use.alias,
      use.subchart,
      use.workload,
      use.container,
      use.origin,
    ])
    if (seen.has(key)) continue
    seen.add(key)
    const listed = byRef.get(reference.ref) ?? {...reference, uses: []}
    listed.uses.push(use)
    byRef.set(reference.ref, listed)
  }
  const rank = (use: ImageUse) => order.get(use.layer) ?? Number.MAX_SAFE_INTEGER
  const images = [...byRef.values()].sort((a, b) => compare(a.ref, b.ref))
  for (const image of images)
    image.uses.sort((a, b) => rank(a) - rank(b) || compare(a.component, b.component))
  return images
}

/** Code-point order: the same on every machine and locale. */
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
