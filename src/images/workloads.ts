/** Pod specs of the workload kinds Kubernetes runs, and the containers in them. */

type Obj = Record<string, unknown>

const isMap = (value: unknown): value is Obj =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

const at = (value: unknown, ...path: string[]): unknown => {
  let node = value
  for (const key of path) node = isMap(node) ? node[key] : undefined
  return node
}

/** Where each built-in workload kind keeps its pod template. */
const POD_TEMPLATE_PATHS: Record<string, string[]> = {
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
  PodTemplate: ['template'],
}

export const WORKLOAD_KINDS = ['Pod', ...Object.keys(POD_TEMPLATE_PATHS)] as const

export interface PodTemplate {
  spec: Obj
  /** The pod's annotations (for a Pod, its own). */
  annotations: Obj
}

/** The pod spec of a built-in workload (core/v1, apps/v1, batch/v1), or undefined for anything else. */
export function podTemplateOf(object: Obj): PodTemplate | undefined {
  const kind = object.kind
  if (typeof kind !== 'string') return undefined
  const apiVersion = typeof object.apiVersion === 'string' ? object.apiVersion : ''
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : ''
  if (!['', 'apps', 'batch', 'extensions'].includes(group ?? '')) return undefined
  if (kind === 'Pod') {
    const spec = object.spec
    return isMap(spec) ? {spec, annotations: mapAt(object, 'metadata', 'annotations')} : undefined
  }
  const path = POD_TEMPLATE_PATHS[kind]
  if (!path) return undefined
  const template = at(object, ...path)
  const spec = at(template, 'spec')
  return isMap(spec) ? {spec, annotations: mapAt(template, 'metadata', 'annotations')} : undefined
}

export const CONTAINER_LISTS = ['initContainers', 'containers', 'ephemeralContainers'] as const

export interface ContainerImage {
  list: (typeof CONTAINER_LISTS)[number]
  name: string
  /** The image field as written; undefined when the container has none. */
  image?: string
}

/** Every container of a pod spec: init containers, containers, ephemeral containers. */
export function containersOf(spec: Obj): ContainerImage[] {
  const found: ContainerImage[] = []
  for (const list of CONTAINER_LISTS) {
    const containers = spec[list]
    if (!Array.isArray(containers)) continue
    for (const container of containers) {
      if (!isMap(container)) continue
      const name = typeof container.name === 'string' ? container.name : '(unnamed)'
      const image = container.image
      found.push({list, name, ...(typeof image === 'string' ? {image} : {})})
    }
  }
  return found
}

function mapAt(value: unknown, ...path: string[]): Obj {
  const found = at(value, ...path)
  return isMap(found) ? found : {}
}

export {at, isMap}
