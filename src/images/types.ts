import type {Problem} from '../errors.js'
import type {ImageReference} from './reference.js'

/** A chart a layer depends on, as the stack's plan pins it. */
export interface LayerChart {
  alias: string
  chart: string
  version: string
  repository: string
}

/** What is known about one install layer (one Helm release) of a stack. */
export interface LayerInfo {
  /** Layer id (`platform`, `crds`…), or `stack` for the single-chart layout. */
  id: string
  /** Chart directory inside the stack (`07-platform`, or `.` for the single layout). */
  dir: string
  release: string
  namespace: string
  charts: LayerChart[]
}

/** One object of `helm template` output, with the template it came from (`# Source:`). */
export interface RenderedObject {
  source?: string
  object: Record<string, unknown>
}

export interface RenderedLayer {
  layer: LayerInfo
  objects: RenderedObject[]
}

/**
 * How an image comes to run: `manifest` it is in a pod spec Helm renders; `injected` a mesh adds it
 * to pods as they are created; `operator` a controller of the stack starts it from the custom
 * resources or configuration the stack renders.
 */
export type ImageOrigin = 'manifest' | 'injected' | 'operator'

/** One place an image is used. */
export interface ImageUse {
  /** The layer's chart directory (`07-platform`; `.` for the single layout). */
  layer: string
  release: string
  namespace: string
  /** The dependency (alias) of the layer chart the object comes from; absent for the layer chart's own templates. */
  alias?: string
  /** Chart name and pinned version of that dependency (or the layer chart itself). */
  chart: string
  version?: string
  /** A subchart of that chart the object comes from (`grafana` inside kube-prometheus-stack). */
  subchart?: string
  /** The object that runs the image: `Deployment/traefik`, `Prometheus/kube-prometheus-prometheus`. */
  workload: string
  /** The container (or containers) it runs as. */
  container: string
  /** `workload (container)`, for people. */
  component: string
  origin: ImageOrigin
  /** Who starts it, for injected and operator-started images: `Deployment/istiod`. */
  startedBy?: string
  /** Where the image was read from, for injected and operator-started images. */
  from?: string
  /** The `helm.sh/hook` annotation, when the object is a Helm hook (`test`: only `helm test` runs it). */
  hook?: string
}

export interface ListedImage extends ImageReference {
  uses: ImageUse[]
}

export interface ImageInventory {
  images: ListedImage[]
  /** Things that could not be read or resolved; the list may be incomplete where they point. */
  warnings: Problem[]
}
