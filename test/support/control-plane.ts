import {type ChildProcess, spawn} from 'node:child_process'
import {generateKeyPairSync, randomBytes} from 'node:crypto'
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import {request} from 'node:https'
import {createServer} from 'node:net'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe} from 'vitest'
import {stringify} from 'yaml'
import {
  forgetOnExit,
  ownedEnv,
  prepareToSpawn,
  type RunOptions,
  type RunResult,
  removeOnExit,
  run,
  sleep,
  stopGroup,
} from './processes.js'
import {IN_CI, REPO_ROOT} from './shared.js'

/**
 * A real Kubernetes control plane on loopback: etcd, kube-apiserver, kube-controller-manager and
 * kube-scheduler built from the Kubernetes sources (scripts/cluster-env.sh), with kwok standing in
 * for the kubelets of three Nodes. It admits, validates, schedules and reconciles like a cluster; no
 * container ever runs.
 */

/** The binaries scripts/cluster-env.sh builds into $PRODSTACK_CLUSTER_BIN. */
export const CONTROL_PLANE_BINARIES = [
  'etcd',
  'kube-apiserver',
  'kube-controller-manager',
  'kube-scheduler',
  'kubectl',
  'kwok',
] as const

export const CLUSTER_BIN = process.env.PRODSTACK_CLUSTER_BIN ?? ''

export function clusterBinary(name: string): string {
  return join(CLUSTER_BIN, name)
}

/** What is missing to run a control plane (and `extra` binaries), or undefined when nothing is. */
export function missingClusterTools(extra: string[] = []): string | undefined {
  if (!CLUSTER_BIN) return 'PRODSTACK_CLUSTER_BIN is not set (scripts/test.sh sources scripts/cluster-env.sh)'
  const missing = [...CONTROL_PLANE_BINARIES, ...extra].filter((name) => !existsSync(clusterBinary(name)))
  return missing.length
    ? `${missing.join(', ')} missing from ${CLUSTER_BIN} (scripts/cluster-env.sh builds them)`
    : undefined
}

/**
 * describe() for suites that need a control plane: outside CI, missing inputs skip the suite with
 * the reason; with CI=true they are an error, never a silent skip.
 */
export function describeWithCluster(name: string, missing: string | undefined, body: () => void): void {
  if (!missing) {
    describe(name, body)
    return
  }
  if (IN_CI) throw new Error(`${name}: ${missing}, and CI=true forbids skipping`)
  console.warn(`SKIPPED ${name}: ${missing}`)
  describe.skip(name, body)
}

export interface ControlPlane {
  /** A kubeconfig with the static admin token (system:masters). */
  kubeconfig: string
  /** The temporary directory holding the data, keys, logs and kubeconfig. */
  dir: string
  server: string
  /** The API server's version, e.g. v1.37.2. */
  version: string
  /** kubectl against this control plane. */
  kubectl(args: string[], options?: RunOptions): Promise<RunResult>
  /** A request to the API server with the admin token; rejects on an HTTP error. */
  api<T = KubeObject>(method: string, path: string, body?: unknown, contentType?: string): Promise<T>
  /** Environment for tools run against this control plane (KUBECONFIG set). */
  env(extra?: NodeJS.ProcessEnv): NodeJS.ProcessEnv
  /** The last lines of a component's log, for failure messages. */
  logTail(component: string, lines?: number): string
  /**
   * Resolves once every CRD reports Established. Polled: `kubectl wait` errors out instead of
   * waiting while a new CRD has no status.conditions yet.
   */
  waitForCrdsEstablished(timeoutMs?: number): Promise<void>
  /** Kills every process this control plane started and removes its directory. */
  stop(): Promise<void>
}

// biome-ignore lint/suspicious/noExplicitAny: Kubernetes objects are walked loosely
export type KubeObject = Record<string, any>

export interface ControlPlaneOptions {
  nodes?: number
  /** Node allocatable; defaults sized for a whole stack's requests. */
  allocatable?: {cpu: string; memory: string; pods: string}
}

/** A loopback port nothing listens on right now (taken, then closed). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

function httpsGet(url: string, token: string, ca?: Buffer): Promise<{status: number; body: string}> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'GET',
        headers: {authorization: `Bearer ${token}`},
        timeout: 5_000,
        ...(ca ? {ca} : {rejectUnauthorized: false}),
      },
      (res) => {
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => {
          body += chunk
        })
        res.on('end', () => resolve({status: res.statusCode ?? 0, body}))
      },
    )
    req.on('timeout', () => req.destroy(new Error('timed out')))
    req.on('error', reject)
    req.end()
  })
}

const PSA_CONFIG = {
  apiVersion: 'apiserver.config.k8s.io/v1',
  kind: 'AdmissionConfiguration',
  plugins: [
    {
      name: 'PodSecurity',
      configuration: {
        apiVersion: 'pod-security.admission.config.k8s.io/v1',
        kind: 'PodSecurityConfiguration',
        // A hardened cluster: a namespace without Pod Security labels gets `restricted`.
        defaults: {
          enforce: 'restricted',
          'enforce-version': 'latest',
          audit: 'restricted',
          'audit-version': 'latest',
          warn: 'restricted',
          'warn-version': 'latest',
        },
        exemptions: {usernames: [], runtimeClasses: [], namespaces: ['kube-system']},
      },
    },
  ],
}

const ZONES = ['a', 'b', 'c']

export async function startControlPlane(options: ControlPlaneOptions = {}): Promise<ControlPlane> {
  const missing = missingClusterTools()
  if (missing) throw new Error(missing)
  const dir = mkdtempSync(join(tmpdir(), 'prodstack-cluster-'))
  removeOnExit(dir)
  const logs = join(dir, 'logs')
  mkdirSync(logs)
  const groups: Array<{name: string; pgid: number; child: ChildProcess}> = []
  // Each component in its own process group, carrying the worker's token (see processes.ts): the
  // worker's exit handler and its reaper kill whatever stop() did not.
  prepareToSpawn()
  const startProcess = (name: string, args: string[], env: NodeJS.ProcessEnv = process.env) => {
    const out = openSync(join(logs, `${name}.log`), 'a')
    const child = spawn(args[0]!, args.slice(1), {
      detached: true,
      stdio: ['ignore', out, out],
      env: ownedEnv(env),
    })
    closeSync(out)
    child.unref()
    child.on('error', () => {})
    groups.push({name, pgid: child.pid!, child})
    return child
  }

  let stopped = false
  const stop = async () => {
    if (stopped) return
    stopped = true
    // The clients first (all at once), then the API server, etcd last.
    const servers = ['kube-apiserver', 'etcd']
    await Promise.all(
      groups.filter((group) => !servers.includes(group.name)).map((group) => stopGroup(group.pgid, 3_000)),
    )
    for (const name of servers)
      for (const group of groups.filter((candidate) => candidate.name === name))
        await stopGroup(group.pgid, 5_000)
    rmSync(dir, {recursive: true, force: true})
    forgetOnExit(dir)
  }

  const logTail = (component: string, lines = 30) => {
    const file = join(logs, `${component}.log`)
    if (!existsSync(file)) return `(no ${component} log)`
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n')
  }

  const waitFor = async (
    what: string,
    component: string,
    check: () => Promise<boolean>,
    timeoutMs = 60_000,
  ) => {
    const deadline = Date.now() + timeoutMs
    while (Date.now() < deadline) {
      if (await check().catch(() => false)) return
      const group = groups.find((candidate) => candidate.name === component)
      if (group && group.child.exitCode !== null)
        throw new Error(
          `${component} exited (${group.child.exitCode}) before ${what}:\n${logTail(component)}`,
        )
      await sleep(200)
    }
    throw new Error(`${what}: not within ${timeoutMs / 1000}s\n${logTail(component)}`)
  }

  try {
    const [etcdClient, etcdPeer, apiPort] = [await freePort(), await freePort(), await freePort()]
    const token = randomBytes(24).toString('hex')
    const tokens = join(dir, 'tokens.csv')
    writeFileSync(tokens, `${token},admin,admin,system:masters\n`, {mode: 0o600})
    const {privateKey, publicKey} = generateKeyPairSync('rsa', {modulusLength: 2048})
    const saKey = join(dir, 'sa.key')
    const saPub = join(dir, 'sa.pub')
    writeFileSync(saKey, privateKey.export({type: 'pkcs1', format: 'pem'}), {mode: 0o600})
    writeFileSync(saPub, publicKey.export({type: 'spki', format: 'pem'}))
    const admission = join(dir, 'admission.yaml')
    writeFileSync(admission, stringify(PSA_CONFIG))
    const pki = join(dir, 'pki')

    startProcess('etcd', [
      clusterBinary('etcd'),
      `--data-dir=${join(dir, 'etcd')}`,
      `--listen-client-url=http://127.0.0.1:${etcdClient}`,
      `--listen-peer-url=http://127.0.0.1:${etcdPeer}`,
    ])
    await waitFor('etcd is healthy', 'etcd', async () => {
      const response = await fetch(`http://127.0.0.1:${etcdClient}/health`)
      return response.ok
    })

    startProcess('kube-apiserver', [
      clusterBinary('kube-apiserver'),
      `--etcd-servers=http://127.0.0.1:${etcdClient}`,
      '--bind-address=127.0.0.1',
      '--advertise-address=127.0.0.1',
      // The "kubernetes" Service would need a non-loopback endpoint; nothing here talks to it.
      '--endpoint-reconciler-type=none',
      `--secure-port=${apiPort}`,
      `--cert-dir=${pki}`,
      '--service-account-issuer=https://kubernetes.default.svc',
      `--service-account-key-file=${saPub}`,
      `--service-account-signing-key-file=${saKey}`,
      `--token-auth-file=${tokens}`,
      '--authorization-mode=RBAC',
      '--service-cluster-ip-range=10.96.0.0/16',
      // Every CNI runs privileged; a cluster that refuses that has no pod network.
      '--allow-privileged=true',
      // The webhook servers (cert-manager, Istio, ingress controllers, ECK) never run here, and a
      // failurePolicy: Fail webhook would block every later object of its kinds.
      '--disable-admission-plugins=ValidatingAdmissionWebhook,MutatingAdmissionWebhook',
      `--admission-control-config-file=${admission}`,
      '--profiling=false',
    ])
    const server = `https://127.0.0.1:${apiPort}`
    await waitFor('kube-apiserver is ready (/readyz)', 'kube-apiserver', async () => {
      const response = await httpsGet(`${server}/readyz`, token)
      return response.status === 200
    })
    const ca = readFileSync(join(pki, 'apiserver.crt'))

    const kubeconfig = join(dir, 'kubeconfig')
    writeFileSync(
      kubeconfig,
      stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{name: 'test', cluster: {server, 'certificate-authority-data': ca.toString('base64')}}],
        users: [{name: 'admin', user: {token}}],
        contexts: [{name: 'test', context: {cluster: 'test', user: 'admin'}}],
        'current-context': 'test',
      }),
      {mode: 0o600},
    )

    const api = <T = KubeObject>(
      method: string,
      path: string,
      body?: unknown,
      contentType = 'application/json',
    ): Promise<T> =>
      new Promise((resolve, reject) => {
        const req = request(
          new URL(path, server),
          {
            method,
            ca,
            timeout: 30_000,
            headers: {
              authorization: `Bearer ${token}`,
              'content-type': contentType,
              accept: 'application/json',
            },
          },
          (res) => {
            let text = ''
            res.setEncoding('utf8')
            res.on('data', (chunk: string) => {
              text += chunk
            })
            res.on('end', () => {
              if ((res.statusCode ?? 500) >= 400)
                reject(new Error(`${method} ${path}: HTTP ${res.statusCode}: ${text.slice(0, 2000)}`))
              else resolve((text ? JSON.parse(text) : {}) as T)
            })
          },
        )
        req.on('timeout', () => req.destroy(new Error(`${method} ${path}: timed out`)))
        req.on('error', reject)
        if (body !== undefined) req.write(typeof body === 'string' ? body : JSON.stringify(body))
        req.end()
      })

    startProcess('kube-controller-manager', [
      clusterBinary('kube-controller-manager'),
      `--kubeconfig=${kubeconfig}`,
      `--service-account-private-key-file=${saKey}`,
      `--root-ca-file=${join(pki, 'apiserver.crt')}`,
      '--leader-elect=false',
      '--secure-port=0',
      // No cloud and no node IPAM: kwok assigns pod addresses.
      '--controllers=*,-nodeipam',
      // Two busy cores can delay a heartbeat; a node marked NotReady here would mark its pods
      // unready for good (kwok does not turn them Ready again).
      '--node-monitor-grace-period=2m',
      '--profiling=false',
    ])
    startProcess('kube-scheduler', [
      clusterBinary('kube-scheduler'),
      `--kubeconfig=${kubeconfig}`,
      '--leader-elect=false',
      '--secure-port=0',
      '--profiling=false',
    ])
    startProcess('kwok', [
      clusterBinary('kwok'),
      `--kubeconfig=${kubeconfig}`,
      '--manage-all-nodes=false',
      '--manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake',
      '--cidr=10.0.0.1/16',
      '--node-ip=10.0.0.1',
      // Heartbeats through Leases, as kubelets send them: without them the controller-manager marks
      // the nodes NotReady after its grace period and every pod's Ready condition turns False.
      '--node-lease-duration-seconds=40',
      // kwok's own server (kubelet API, metrics) is not needed: keep it off.
      '--server-address=',
    ])

    const allocatable = options.allocatable ?? {cpu: '8', memory: '32Gi', pods: '110'}
    const nodeCount = options.nodes ?? 3
    for (let index = 0; index < nodeCount; index++) {
      const name = `node-${ZONES[index % ZONES.length]}`
      await api('POST', '/api/v1/nodes', {
        apiVersion: 'v1',
        kind: 'Node',
        metadata: {
          name,
          annotations: {'kwok.x-k8s.io/node': 'fake', 'node.alpha.kubernetes.io/ttl': '0'},
          labels: {
            'kubernetes.io/arch': 'amd64',
            'kubernetes.io/os': 'linux',
            'kubernetes.io/hostname': name,
            'topology.kubernetes.io/zone': ZONES[index % ZONES.length],
            'topology.kubernetes.io/region': 'test',
            type: 'kwok',
          },
        },
        spec: {},
        status: {
          allocatable,
          capacity: allocatable,
          nodeInfo: {architecture: 'amd64', operatingSystem: 'linux'},
        },
      })
    }
    await waitFor(
      `${nodeCount} Nodes Ready with allocatable cpu`,
      'kwok',
      async () => {
        const nodes = await api<{items: KubeObject[]}>('GET', '/api/v1/nodes')
        return (
          nodes.items.length === nodeCount &&
          nodes.items.every(
            (node) =>
              node.status?.allocatable?.cpu &&
              node.status?.conditions?.some(
                (condition: KubeObject) => condition.type === 'Ready' && condition.status === 'True',
              ),
          )
        )
      },
      60_000,
    )
    // The default ServiceAccount: the controller-manager creates one per namespace.
    await waitFor('the controller-manager created default/default', 'kube-controller-manager', async () => {
      await api('GET', '/api/v1/namespaces/default/serviceaccounts/default')
      return true
    })

    startProcess('stand-ins', [process.execPath, join(REPO_ROOT, 'test/support/cluster-stand-ins.ts')], {
      ...process.env,
      NODE_NO_WARNINGS: '1',
      PRODSTACK_API: server,
      PRODSTACK_TOKEN: token,
      PRODSTACK_CA: join(pki, 'apiserver.crt'),
    })

    const version = (await api<{gitVersion: string}>('GET', '/version')).gitVersion
    const notEstablished = async () => {
      const list = await api<{items: KubeObject[]}>(
        'GET',
        '/apis/apiextensions.k8s.io/v1/customresourcedefinitions',
      )
      return list.items
        .filter(
          (crd) =>
            !(crd.status?.conditions ?? []).some(
              (condition: KubeObject) => condition.type === 'Established' && condition.status === 'True',
            ),
        )
        .map((crd) => crd.metadata.name as string)
    }
    const waitForCrdsEstablished = async (timeoutMs = 60_000) => {
      const deadline = Date.now() + timeoutMs
      let pending = await notEstablished()
      while (pending.length > 0) {
        if (Date.now() >= deadline)
          throw new Error(
            `CRDs not established within ${timeoutMs / 1000}s: ${pending.join(', ')}\n${logTail('kube-apiserver')}`,
          )
        await sleep(200)
        pending = await notEstablished()
      }
    }
    const env = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
      ...process.env,
      KUBECONFIG: kubeconfig,
      ...extra,
    })
    return {
      kubeconfig,
      dir,
      server,
      version,
      api,
      env,
      logTail,
      waitForCrdsEstablished,
      kubectl: (args, runOptions = {}) =>
        run(clusterBinary('kubectl'), args, {timeoutMs: 120_000, ...runOptions, env: env(runOptions.env)}),
      stop,
    }
  } catch (error) {
    await stop()
    throw error
  }
}
