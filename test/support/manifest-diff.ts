import {isDeepStrictEqual} from 'node:util'
import {parseAllDocuments} from 'yaml'
import type {ControlPlane, KubeObject} from './control-plane.js'
import {controllerOwned} from './controllers-not-running.js'

/**
 * Did a second install change anything? Two renderings of a release are compared object by object,
 * field by field. A field that differs is a change unless its new value is what the live object
 * already holds (charts that read live state back with `lookup`, such as Grafana's PVC
 * `volumeName`, render the bound volume on the second run, and applying it changes nothing), or it
 * is a field a controller owns once it runs (controllers-not-running.ts).
 */
export interface ManifestChange {
  object: string
  path: string
  before: unknown
  after: unknown
  live: unknown
  /** Set when the change is a field a controller owns (not a problem). */
  ownedBy?: string
}

function documents(manifest: string, namespace: string): Map<string, KubeObject> {
  const found = new Map<string, KubeObject>()
  for (const doc of parseAllDocuments(manifest)) {
    const object = doc.toJS() as KubeObject | null
    if (!object || typeof object !== 'object' || !object.kind) continue
    const key = `${object.apiVersion} ${object.kind} ${object.metadata?.namespace ?? namespace}/${object.metadata?.name}`
    found.set(key, object)
  }
  return found
}

function differingPaths(a: unknown, b: unknown, path: string[] = []): string[][] {
  if (isDeepStrictEqual(a, b)) return []
  const isObject = (value: unknown) => typeof value === 'object' && value !== null && !Array.isArray(value)
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length)
    return a.flatMap((item, index) => differingPaths(item, b[index], [...path, String(index)]))
  if (isObject(a) && isObject(b)) {
    const keys = new Set([...Object.keys(a as object), ...Object.keys(b as object)])
    return [...keys].flatMap((key) =>
      differingPaths((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], [
        ...path,
        key,
      ]),
    )
  }
  return [path]
}

function at(object: unknown, path: string[]): unknown {
  let value = object
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined
    value = (value as Record<string, unknown>)[key]
  }
  return value
}

async function liveObject(cluster: ControlPlane, object: KubeObject, namespace: string): Promise<KubeObject> {
  const [group, version] = String(object.apiVersion).includes('/')
    ? String(object.apiVersion).split('/')
    : ['', object.apiVersion]
  const resource = group ? `${object.kind}.${version}.${group}` : object.kind
  const result = await cluster.kubectl([
    'get',
    resource,
    object.metadata.name,
    '--namespace',
    object.metadata?.namespace ?? namespace,
    '-o',
    'json',
  ])
  return result.status === 0 ? (JSON.parse(result.stdout) as KubeObject) : {}
}

export async function manifestChanges(
  cluster: ControlPlane,
  namespace: string,
  before: string,
  after: string,
): Promise<ManifestChange[]> {
  const old = documents(before, namespace)
  const now = documents(after, namespace)
  const changes: ManifestChange[] = []
  for (const key of new Set([...old.keys(), ...now.keys()])) {
    const a = old.get(key)
    const b = now.get(key)
    if (!a || !b) {
      changes.push({
        object: key,
        path: '',
        before: a ? 'present' : 'absent',
        after: b ? 'present' : 'absent',
        live: '?',
      })
      continue
    }
    const paths = differingPaths(a, b)
    if (paths.length === 0) continue
    const live = await liveObject(cluster, b, namespace)
    for (const path of paths) {
      const value = at(live, path)
      if (isDeepStrictEqual(value, at(b, path))) continue
      const owned = controllerOwned(b.kind, b.metadata?.name ?? '', path.join('.'))
      changes.push({
        object: key,
        path: path.join('.'),
        before: at(a, path),
        after: at(b, path),
        live: value,
        ...(owned ? {ownedBy: owned.reason} : {}),
      })
    }
  }
  return changes
}
