import {gunzipSync} from 'node:zlib'
import type {ControlPlane, KubeObject} from './control-plane.js'
import type {MadeElsewhere} from './controllers-not-running.js'

/** The API server refuses objects over about 1.5 MiB; keep every Helm release record well below. */
export const RELEASE_RECORD_LIMIT = 900 * 1024

export interface ReleaseRecord {
  namespace: string
  name: string
  revision: number
  /** The bytes stored in the Secret: Helm's base64 of the gzipped release JSON. */
  storedBytes: number
  gzipBytes: number
  jsonBytes: number
  // biome-ignore lint/suspicious/noExplicitAny: Helm's release JSON
  release: Record<string, any>
}

/**
 * Every Helm release record on the cluster, decoded: the Secret's `data.release` is base64 (the
 * API's encoding of Secret data) of Helm's own base64 of the gzipped release JSON.
 */
export async function releaseRecords(cluster: ControlPlane): Promise<ReleaseRecord[]> {
  const secrets = await cluster.api<{items: KubeObject[]}>(
    'GET',
    '/api/v1/secrets?labelSelector=owner%3Dhelm',
  )
  return secrets.items.map((secret) => {
    const stored = Buffer.from(secret.data.release as string, 'base64')
    const gzip = Buffer.from(stored.toString('utf8'), 'base64')
    const json = gunzipSync(gzip)
    return {
      namespace: secret.metadata.namespace,
      name: secret.metadata.labels.name,
      revision: Number(secret.metadata.labels.version),
      storedBytes: stored.length,
      gzipBytes: gzip.length,
      jsonBytes: json.length,
      release: JSON.parse(json.toString('utf8')),
    }
  })
}

export interface PodCheck {
  /** One line per reference that would keep a pod from starting, and per pod that was never created. */
  problems: string[]
  /** References satisfied only by an exception (controllers-not-running.ts). */
  excused: string[]
  pods: number
}

/**
 * Could every pod start on a real kubelet? kwok starts pods whatever they reference, so check what
 * a kubelet checks: every non-optional ConfigMap, Secret (and key), PVC and the ServiceAccount each
 * pod names must exist. Workloads short of pods are reported with their last FailedCreate event,
 * and pods the scheduler could not place with the reason.
 */
export async function checkPods(cluster: ControlPlane, exceptions: MadeElsewhere[]): Promise<PodCheck> {
  const get = async (path: string) => (await cluster.api<{items: KubeObject[]}>('GET', path)).items
  const [pods, configMaps, secrets, claims, accounts, events] = await Promise.all([
    get('/api/v1/pods'),
    get('/api/v1/configmaps'),
    get('/api/v1/secrets'),
    get('/api/v1/persistentvolumeclaims'),
    get('/api/v1/serviceaccounts'),
    get('/api/v1/events'),
  ])
  const index = (items: KubeObject[]) =>
    new Map(items.map((item) => [`${item.metadata.namespace}/${item.metadata.name}`, item]))
  const byKind: Record<string, Map<string, KubeObject>> = {
    ConfigMap: index(configMaps),
    Secret: index(secrets),
    PersistentVolumeClaim: index(claims),
    ServiceAccount: index(accounts),
  }
  const problems = new Set<string>()
  const excused = new Set<string>()

  const need = (pod: KubeObject, kind: string, name: string, key?: string, where = '') => {
    const namespace = pod.metadata.namespace
    const id = `${namespace}/${name}`
    const object = byKind[kind]!.get(id)
    const subject = `pod ${namespace}/${pod.metadata.name}${where}`
    if (!object) {
      const exception = exceptions.find(
        (candidate) =>
          candidate.kind === kind && candidate.namespace === namespace && candidate.name === name,
      )
      if (exception) excused.add(`${subject}: ${kind} ${id} (${exception.reason})`)
      else problems.add(`${subject}: ${kind} ${id} does not exist`)
      return
    }
    if (key !== undefined) {
      const data = {...(object.data ?? {}), ...(object.binaryData ?? {})}
      if (!(key in data)) problems.add(`${subject}: ${kind} ${id} has no key ${key}`)
    }
    if (kind === 'PersistentVolumeClaim' && object.status?.phase !== 'Bound')
      problems.add(`${subject}: PersistentVolumeClaim ${id} is ${object.status?.phase ?? 'not bound'}`)
  }

  for (const pod of pods) {
    if (pod.status?.phase === 'Succeeded') continue // a completed Job's pod
    const spec = pod.spec ?? {}
    need(pod, 'ServiceAccount', spec.serviceAccountName ?? 'default')
    for (const volume of spec.volumes ?? []) {
      const where = ` volume ${volume.name}`
      if (volume.configMap && !volume.configMap.optional)
        need(pod, 'ConfigMap', volume.configMap.name, undefined, where)
      if (volume.secret && !volume.secret.optional)
        need(pod, 'Secret', volume.secret.secretName, undefined, where)
      if (volume.persistentVolumeClaim)
        need(pod, 'PersistentVolumeClaim', volume.persistentVolumeClaim.claimName, undefined, where)
      for (const source of volume.projected?.sources ?? []) {
        if (source.configMap && !source.configMap.optional)
          need(pod, 'ConfigMap', source.configMap.name, undefined, where)
        if (source.secret && !source.secret.optional)
          need(pod, 'Secret', source.secret.name, undefined, where)
      }
    }
    for (const container of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
      const where = ` container ${container.name}`
      for (const env of container.env ?? []) {
        const fromConfigMap = env.valueFrom?.configMapKeyRef
        const fromSecret = env.valueFrom?.secretKeyRef
        if (fromConfigMap && !fromConfigMap.optional)
          need(pod, 'ConfigMap', fromConfigMap.name, fromConfigMap.key, `${where} env ${env.name}`)
        if (fromSecret && !fromSecret.optional)
          need(pod, 'Secret', fromSecret.name, fromSecret.key, `${where} env ${env.name}`)
      }
      for (const from of container.envFrom ?? []) {
        if (from.configMapRef && !from.configMapRef.optional)
          need(pod, 'ConfigMap', from.configMapRef.name, undefined, `${where} envFrom`)
        if (from.secretRef && !from.secretRef.optional)
          need(pod, 'Secret', from.secretRef.name, undefined, `${where} envFrom`)
      }
    }
    if (!spec.nodeName) {
      const last = events
        .filter(
          (event) => event.involvedObject?.uid === pod.metadata.uid && event.reason === 'FailedScheduling',
        )
        .at(-1)
      problems.add(
        `pod ${pod.metadata.namespace}/${pod.metadata.name}: not scheduled${last ? `: ${last.message}` : ''}`,
      )
    }
  }

  // The harness itself: a node marked NotReady marks its pods unready for good under kwok.
  for (const event of events.filter((candidate) => candidate.reason === 'NodeNotReady'))
    problems.add(`harness: ${event.involvedObject.kind} ${event.involvedObject.name}: ${event.message}`)

  // Workloads whose pods were never created (Pod Security, quota, a missing ServiceAccount, ...).
  for (const problem of await workloadsShortOfPods(cluster, events)) problems.add(problem)
  return {problems: [...problems].sort(), excused: [...excused].sort(), pods: pods.length}
}

async function workloadsShortOfPods(cluster: ControlPlane, events: KubeObject[]): Promise<string[]> {
  const get = async (path: string) => (await cluster.api<{items: KubeObject[]}>('GET', path)).items
  const [replicaSets, daemonSets, statefulSets, jobs] = await Promise.all([
    get('/apis/apps/v1/replicasets'),
    get('/apis/apps/v1/daemonsets'),
    get('/apis/apps/v1/statefulsets'),
    get('/apis/batch/v1/jobs'),
  ])
  const short: Array<[string, KubeObject]> = [
    ...replicaSets
      .filter((rs) => (rs.status?.replicas ?? 0) < (rs.spec?.replicas ?? 0))
      .map((rs): [string, KubeObject] => ['ReplicaSet', rs]),
    ...daemonSets
      .filter((ds) => (ds.status?.currentNumberScheduled ?? 0) < (ds.status?.desiredNumberScheduled ?? 0))
      .map((ds): [string, KubeObject] => ['DaemonSet', ds]),
    ...statefulSets
      .filter((sts) => (sts.status?.replicas ?? 0) < (sts.spec?.replicas ?? 0))
      .map((sts): [string, KubeObject] => ['StatefulSet', sts]),
    ...jobs
      .filter(
        (job) =>
          !job.status?.succeeded &&
          !(job.status?.conditions ?? []).some((condition: KubeObject) => condition.type === 'Complete'),
      )
      .map((job): [string, KubeObject] => ['Job', job]),
  ]
  return short.map(([kind, workload]) => {
    const last = events
      .filter((event) => event.involvedObject?.uid === workload.metadata.uid && event.type === 'Warning')
      .at(-1)
    return `${kind} ${workload.metadata.namespace}/${workload.metadata.name}: pods not created${
      last ? `: ${last.reason}: ${last.message}` : ''
    }`
  })
}

/**
 * A reason to stop waiting for an install: a workload's pods are refused by admission (Pod
 * Security, a missing ServiceAccount), which no amount of waiting changes. Returns the events'
 * exact messages.
 */
export async function hopelessInstall(cluster: ControlPlane, since: number): Promise<string | undefined> {
  const events = (
    await cluster.api<{items: KubeObject[]}>('GET', '/api/v1/events?fieldSelector=reason%3DFailedCreate')
  ).items
  const forbidden = events.filter((event) => {
    const at = Date.parse(event.lastTimestamp ?? event.eventTime ?? event.metadata.creationTimestamp)
    return at >= since - 1000 && /violates PodSecurity/.test(event.message ?? '')
  })
  if (forbidden.length === 0) return undefined
  // One line per workload: its pods are refused for the same reasons.
  const byWorkload = new Map<string, string>()
  for (const event of forbidden) {
    const workload = `${event.involvedObject.kind} ${event.involvedObject.namespace}/${event.involvedObject.name}`
    if (!byWorkload.has(workload)) byWorkload.set(workload, `${workload}: ${event.message}`)
  }
  return [...byWorkload.values()].join('\n')
}
