// Stand-ins for what a real cluster has and the test control plane lacks, run as their own
// process (node strips the types) so that they keep going while a test blocks on a command:
//  - a load balancer: every Service of type LoadBalancer gets a status address from 192.0.2.0/24
//    (the documentation range; it is written into status only, nothing is ever sent to it);
//  - a storage provisioner: every Pending PVC gets a hostPath PersistentVolume bound to it by
//    claimRef (nothing is created on disk: no kubelet runs).
// Bounded: it stops on SIGTERM, when its parent dies, or after PRODSTACK_STAND_INS_MAX_MS.
import {readFileSync} from 'node:fs'
import {request} from 'node:https'

const server = process.env.PRODSTACK_API ?? ''
const token = process.env.PRODSTACK_TOKEN ?? ''
const ca = readFileSync(process.env.PRODSTACK_CA ?? '')
const maxMs = Number(process.env.PRODSTACK_STAND_INS_MAX_MS ?? 2 * 60 * 60 * 1000)
const everyMs = 1_000
const parent = process.ppid

// biome-ignore lint/suspicious/noExplicitAny: Kubernetes objects are read loosely here
type Obj = Record<string, any>

function api(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<Obj> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, server)
    const req = request(
      url,
      {
        method,
        ca,
        timeout: 10_000,
        headers: {authorization: `Bearer ${token}`, 'content-type': contentType, accept: 'application/json'},
      },
      (res) => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => {
          text += chunk
        })
        res.on('end', () => {
          if ((res.statusCode ?? 500) >= 400)
            reject(new Error(`${method} ${path}: ${res.statusCode} ${text}`))
          else resolve(text ? (JSON.parse(text) as Obj) : {})
        })
      },
    )
    req.on('timeout', () => req.destroy(new Error(`${method} ${path}: timed out`)))
    req.on('error', reject)
    if (body !== undefined) req.write(JSON.stringify(body))
    req.end()
  })
}

let nextAddress = 10

async function loadBalancers(): Promise<void> {
  const services = await api('GET', '/api/v1/services')
  for (const service of services.items as Obj[]) {
    if (service.spec?.type !== 'LoadBalancer' || service.status?.loadBalancer?.ingress?.length) continue
    const ip = `192.0.2.${nextAddress}`
    nextAddress = nextAddress >= 250 ? 10 : nextAddress + 1
    const {namespace, name} = service.metadata
    await api(
      'PATCH',
      `/api/v1/namespaces/${namespace}/services/${name}/status`,
      {status: {loadBalancer: {ingress: [{ip}]}}},
      'application/merge-patch+json',
    )
    console.log(`load balancer: ${namespace}/${name} -> ${ip}`)
  }
}

async function volumes(): Promise<void> {
  const claims = await api('GET', '/api/v1/persistentvolumeclaims')
  for (const claim of claims.items as Obj[]) {
    if (claim.status?.phase !== 'Pending' || claim.spec?.volumeName) continue
    const {namespace, name, uid} = claim.metadata
    const pvName = `pv-${uid}`
    try {
      await api('POST', '/api/v1/persistentvolumes', {
        apiVersion: 'v1',
        kind: 'PersistentVolume',
        metadata: {name: pvName, labels: {'prodstack.dev/stand-in': 'storage'}},
        spec: {
          capacity: {storage: claim.spec?.resources?.requests?.storage ?? '1Gi'},
          accessModes: claim.spec?.accessModes?.length ? claim.spec.accessModes : ['ReadWriteOnce'],
          volumeMode: claim.spec?.volumeMode ?? 'Filesystem',
          storageClassName: claim.spec?.storageClassName ?? '',
          persistentVolumeReclaimPolicy: 'Retain',
          hostPath: {path: `/var/lib/prodstack-stand-in/${pvName}`},
          claimRef: {apiVersion: 'v1', kind: 'PersistentVolumeClaim', namespace, name, uid},
        },
      })
      console.log(`storage: ${namespace}/${name} -> ${pvName}`)
    } catch (error) {
      // Already created on an earlier pass and not yet bound.
      if (!String(error).includes(' 409 ')) throw error
    }
  }
}

const started = Date.now()
let stopping = false
process.on('SIGTERM', () => {
  stopping = true
})
process.on('SIGINT', () => {
  stopping = true
})

// Orphaned, the process is re-parented: its parent id changes (the old id may be reused).
function parentAlive(): boolean {
  return process.ppid === parent
}

while (!stopping && Date.now() - started < maxMs && parentAlive()) {
  for (const pass of [loadBalancers, volumes]) {
    try {
      await pass()
    } catch (error) {
      console.error(`${pass.name}: ${error instanceof Error ? error.message : String(error)}`)
    }
  }
  await new Promise((resolve) => setTimeout(resolve, everyMs))
}
