import {attribute} from './manifests.js'
import type {ImageOrigin, ImageUse, LayerInfo, RenderedObject} from './types.js'
import {isMap} from './workloads.js'

/** A rendered object with the layer it was rendered in. */
export interface Located {
  layer: LayerInfo
  item: RenderedObject
}

/** An image found somewhere, as written there, with where it is used. */
export interface Found {
  raw: string
  use: ImageUse
}

/** How messages name a layer: its chart directory, or the release of a single-chart stack. */
export function layerName(layer: {dir: string; release: string}): string {
  return layer.dir === '.' ? layer.release : layer.dir
}

/** `Kind/name` of a rendered object. */
export function nameOf(object: Record<string, unknown>): string {
  const metadata = isMap(object.metadata) ? object.metadata : {}
  const name = typeof metadata.name === 'string' ? metadata.name : '(unnamed)'
  return `${String(object.kind ?? '(no kind)')}/${name}`
}

/** The Helm hook annotation of an object, if it is a hook. */
export function hookOf(object: Record<string, unknown>): string | undefined {
  const annotations =
    isMap(object.metadata) && isMap(object.metadata.annotations) ? object.metadata.annotations : {}
  const hook = annotations['helm.sh/hook']
  return typeof hook === 'string' && hook.trim() !== '' ? hook.trim() : undefined
}

/** Where an image found in (or derived from) `at` is used. */
export function useAt(
  at: Located,
  fields: {workload: string; container: string; origin: ImageOrigin; startedBy?: string; from?: string},
): ImageUse {
  const {layer, item} = at
  const hook = hookOf(item.object)
  return {
    layer: layer.dir,
    release: layer.release,
    namespace: layer.namespace,
    ...attribute(item.source, layer),
    workload: fields.workload,
    container: fields.container,
    component: `${fields.workload} (${fields.container})`,
    origin: fields.origin,
    ...(fields.startedBy ? {startedBy: fields.startedBy} : {}),
    ...(fields.from ? {from: fields.from} : {}),
    ...(hook ? {hook} : {}),
  }
}
