import {spawnSync} from 'node:child_process'
import {existsSync} from 'node:fs'
import {afterAll, beforeAll, expect, it} from 'vitest'
import {
  type ControlPlane,
  describeWithCluster,
  type KubeObject,
  missingClusterTools,
  startControlPlane,
} from '../support/control-plane.js'
import {sleep} from '../support/processes.js'

/** The harness itself: what the stack suite relies on the control plane to do. */
describeWithCluster('the test control plane', missingClusterTools(), () => {
  let cluster: ControlPlane
  let startedMs = 0

  beforeAll(async () => {
    const started = performance.now()
    cluster = await startControlPlane()
    startedMs = performance.now() - started
  }, 120_000)
  afterAll(() => cluster?.stop(), 60_000)

  const until = async <T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000) => {
    const deadline = Date.now() + timeoutMs
    while (Date.now() < deadline) {
      const value = await probe().catch(() => undefined)
      if (value !== undefined) return value
      await sleep(250)
    }
    throw new Error(`${what}: not within ${timeoutMs / 1000}s`)
  }
  const apply = (manifest: string) => cluster.kubectl(['apply', '-f', '-'], {input: manifest})

  it('starts in seconds and serves Kubernetes v1.37.2 with three Ready nodes in zones a, b and c', async () => {
    console.log(`control plane started in ${(startedMs / 1000).toFixed(1)}s`)
    expect(startedMs).toBeLessThan(60_000)
    expect(cluster.version).toBe('v1.37.2')
    const nodes = await cluster.api<{items: KubeObject[]}>('GET', '/api/v1/nodes')
    expect(nodes.items.map((node) => node.metadata.labels['topology.kubernetes.io/zone']).sort()).toEqual([
      'a',
      'b',
      'c',
    ])
    for (const node of nodes.items) expect(node.status.allocatable).toMatchObject({cpu: '8', pods: '110'})
    const result = await cluster.kubectl(['get', 'nodes', '-o', 'name'])
    expect(result.stdout.trim().split('\n')).toHaveLength(3)
  })

  it('runs a Deployment to Ready pods, binds a PVC and gives a LoadBalancer an address', async () => {
    const created = await apply(`
apiVersion: v1
kind: Namespace
metadata:
  name: harness
  labels: {pod-security.kubernetes.io/enforce: baseline}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data, namespace: harness}
spec:
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 2Gi}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: harness}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - name: web
          image: registry.example/web:1
          resources: {requests: {cpu: 100m, memory: 64Mi}}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: harness}
spec:
  type: LoadBalancer
  selector: {app: web}
  ports: [{port: 80}]
`)
    expect(created.status, created.stderr).toBe(0)
    const ready = await until('2 ready replicas', async () => {
      const deployment = await cluster.api('GET', '/apis/apps/v1/namespaces/harness/deployments/web')
      return deployment.status?.readyReplicas === 2 ? deployment : undefined
    })
    expect(ready.status.readyReplicas).toBe(2)
    const address = await until('a load-balancer address', async () => {
      const service = await cluster.api('GET', '/api/v1/namespaces/harness/services/web')
      return service.status?.loadBalancer?.ingress?.[0]?.ip as string | undefined
    })
    expect(address).toMatch(/^192\.0\.2\.\d+$/)
    const phase = await until('the claim bound', async () => {
      const claim = await cluster.api('GET', '/api/v1/namespaces/harness/persistentvolumeclaims/data')
      return claim.status?.phase === 'Bound' ? claim.status.phase : undefined
    })
    expect(phase).toBe('Bound')
  })

  it('enforces Pod Security restricted in a namespace without labels, and exempts kube-system', async () => {
    const privileged = (namespace: string) => `
apiVersion: v1
kind: Pod
metadata: {name: privileged, namespace: ${namespace}}
spec:
  containers:
    - name: c
      image: registry.example/c:1
      securityContext: {privileged: true}
`
    await cluster.kubectl(['create', 'namespace', 'unlabelled'])
    const refused = await apply(privileged('unlabelled'))
    expect(refused.status).not.toBe(0)
    expect(refused.stderr).toMatch(/violates PodSecurity "restricted:latest"/)
    const exempt = await apply(privileged('kube-system'))
    expect(exempt.status, exempt.stderr).toBe(0)
  })

  it('stops every process it started and removes its directory', async () => {
    const other = await startControlPlane()
    const dir = other.dir
    try {
      // etcd, kube-apiserver, kube-controller-manager and kube-scheduler name the directory in
      // their arguments, kwok its kubeconfig; the stand-ins get it through the environment.
      const running = spawnSync('pgrep', ['-f', dir], {encoding: 'utf8'}).stdout.trim().split('\n')
      expect(running.length).toBeGreaterThanOrEqual(5)
    } finally {
      await other.stop()
    }
    expect(spawnSync('pgrep', ['-f', dir], {encoding: 'utf8'}).stdout.trim()).toBe('')
    expect(existsSync(dir)).toBe(false)
  }, 120_000)
})
