import {spawn} from 'node:child_process'
import {mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, expect, it} from 'vitest'
import {BIN, type CliResult, cliEnv, requireBuild, runCli} from '../support/cli.js'
import {
  type ControlPlane,
  clusterBinary,
  describeWithCluster,
  freePort,
  missingClusterTools,
  startControlPlane,
} from '../support/control-plane.js'
import {type HelmBinary, helmBinaries} from '../support/helm.js'
import {forgetOnExit, removeOnExit, run} from '../support/processes.js'
import {vendorStackCharts} from '../support/real-charts.js'

/**
 * install, status and uninstall against a real control plane (test/support/control-plane.ts), with
 * the real upstream charts vendored from ../shared/charts: the minimal stack installed, reported
 * ready, installed again without a change, and uninstalled; a missing prerequisite Secret and an
 * unreachable cluster stop install before it changes anything.
 */
function missingInputs(): string | undefined {
  const missing = [missingClusterTools()]
  if (helmBinaries().length === 0) missing.push('neither HELM3_BIN nor HELM4_BIN is set')
  return missing.filter(Boolean).join('; ') || undefined
}

const INSTALL_MS = 10 * 60_000

/** A claim in the platform namespace, with the platform release's instance label or without. */
function claimManifest(name: string, labelled: boolean): string {
  const labels = labelled ? '\n  labels: {app.kubernetes.io/instance: day2-platform}' : ''
  return `apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: ${name}
  namespace: platform${labels}
spec:
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 1Gi}}
`
}

describeWithCluster('install, status and uninstall on a control plane', missingInputs(), () => {
  let cluster: ControlPlane
  let helm: HelmBinary
  let work: string
  let env: Record<string, string>
  const cli = (args: string[], timeoutMs = INSTALL_MS): CliResult => runCli(work, args, {env, timeoutMs})
  const helmRun = (args: string[]) => run(helm.path, args, {env, timeoutMs: 120_000})
  /** Every release in any state but superseded, in every namespace (Helm 4 has no --all). */
  const releasesLeft = async () => {
    const listed = await helmRun([
      'list',
      '--all-namespaces',
      '--short',
      '--deployed',
      '--failed',
      '--pending',
    ])
    expect(listed.status, listed.stderr).toBe(0)
    return listed.stdout.trim()
  }
  /** The claims of a namespace that are not being deleted. */
  const claimsIn = async (namespace: string) => {
    const listed = await cluster.kubectl([
      'get',
      'persistentvolumeclaims',
      '--namespace',
      namespace,
      '-o',
      'json',
    ])
    expect(listed.status, listed.stderr).toBe(0)
    return (JSON.parse(listed.stdout).items as Array<{metadata: {name: string; deletionTimestamp?: string}}>)
      .filter((item) => !item.metadata.deletionTimestamp)
      .map((item) => item.metadata.name)
      .sort()
  }
  const manifests = async (releases: string[][]) => {
    const found: string[] = []
    for (const [name, namespace] of releases) {
      const result = await helmRun(['get', 'manifest', name!, '--namespace', namespace!])
      expect(result.status, result.stderr).toBe(0)
      found.push(result.stdout)
    }
    return found
  }
  const RELEASES = [
    ['day2-network', 'kube-system'],
    ['day2-platform', 'platform'],
  ]

  beforeAll(async () => {
    requireBuild()
    // The newest Helm by default; PRODSTACK_DAY2_HELM=3 picks Helm 3.
    const major = Number(process.env.PRODSTACK_DAY2_HELM) || undefined
    helm = helmBinaries().find((binary) => binary.major === major) ?? helmBinaries().at(-1)!
    work = mkdtempSync(join(tmpdir(), 'prodstack-day2-'))
    removeOnExit(work)
    const tools = join(work, 'tools')
    mkdirSync(tools)
    symlinkSync(clusterBinary('kubectl'), join(tools, 'kubectl'))
    symlinkSync(helm.path, join(tools, 'helm'))
    cluster = await startControlPlane()
    const home = join(work, 'home')
    const full = cluster.env({
      PATH: `${tools}:${process.env.PATH ?? ''}`,
      HELM_BIN: helm.path,
      HELM_CACHE_HOME: join(home, 'helm-cache'),
      HELM_CONFIG_HOME: join(home, 'helm-config'),
      HELM_DATA_HOME: join(home, 'helm-data'),
      XDG_CACHE_HOME: join(home, 'cache'),
    })
    env = Object.fromEntries(
      Object.entries(full).filter((entry): entry is [string, string] => entry[1] !== undefined),
    )
    for (const [name, preset] of [
      ['day2', 'minimal'],
      ['std', 'standard'],
    ] as const) {
      const made = cli(['init', '--yes', '--no-dependency-update', '--preset', preset, name], 60_000)
      expect(made.status, made.stderr).toBe(0)
      vendorStackCharts(join(work, name), helm)
    }
  }, 180_000)

  afterAll(async () => {
    await cluster?.stop()
    if (work) {
      rmSync(work, {recursive: true, force: true})
      forgetOnExit(work)
    }
  }, 60_000)

  it('fails in one line when the cluster cannot be reached, and changes nothing', async () => {
    const kubeconfig = join(work, 'closed.kubeconfig')
    const server = `https://127.0.0.1:${await freePort()}`
    writeFileSync(
      kubeconfig,
      `apiVersion: v1
kind: Config
clusters: [{name: closed, cluster: {server: '${server}', insecure-skip-tls-verify: true}}]
users: [{name: u, user: {token: t}}]
contexts: [{name: closed, context: {cluster: closed, user: u}}]
current-context: closed
`,
    )
    const text = cli(['install', 'day2', '--kubeconfig', kubeconfig])
    expect(text.status).toBe(1)
    expect(text.stderr.trim().split('\n'), text.stderr).toHaveLength(1)
    expect(text.stderr).toMatch(/^Error: the cluster cannot be reached: .*127\.0\.0\.1/)
    const json = cli(['install', 'day2', '--kubeconfig', kubeconfig, '--json'])
    expect(JSON.parse(json.stdout).error.code).toBe('CLUSTER_UNREACHABLE')
    expect(await releasesLeft()).toBe('')
  })

  it('refuses to start without the prerequisite Secrets, printing how to create them', async () => {
    const result = cli(['install', 'std'])
    expect(result.status, result.stderr).toBe(1)
    expect(result.stderr).toContain('Secret(s) missing; nothing was installed')
    expect(result.stderr).toMatch(
      /kubectl create secret generic grafana-admin --namespace platform --from-literal=admin-user=<admin-user> --from-literal=admin-password=<admin-password>/,
    )
    const json = cli(['install', 'std', '--json'])
    expect(JSON.parse(json.stdout).error.code).toBe('PREREQUISITES_MISSING')
    expect(await releasesLeft()).toBe('')
    // Not even the namespaces were applied.
    expect((await cluster.kubectl(['get', 'namespace', 'platform'])).status).not.toBe(0)
  })

  it('prints the commands it would run with --dry-run, touching nothing', () => {
    const result = cli(['install', 'day2', '--dry-run'])
    expect(result.status, result.stderr).toBe(0)
    expect(result.stdout.trim().split('\n')).toEqual([
      'kubectl apply -f namespaces.yaml',
      `${helm.path} upgrade --install day2-network ./20-network --namespace kube-system --create-namespace --wait --timeout 10m`,
      `${helm.path} upgrade --install day2-platform ./60-platform --namespace platform --create-namespace --wait --timeout 10m`,
    ])
  })

  it(
    'installs the minimal stack, reports it ready, installs again without a change, and uninstalls it',
    async () => {
      const timings: string[] = []
      const timed = (what: string, args: string[]) => {
        const result = cli(args)
        timings.push(`${what} ${(result.ms / 1000).toFixed(1)}s`)
        return result
      }
      const installed = timed('install', ['install', 'day2'])
      expect(installed.status, installed.stderr).toBe(0)
      expect(installed.stderr).toMatch(/\[1\/2\] day2-network \(20-network\) ok in \d+\.\ds/)
      expect(installed.stderr).toMatch(/\[2\/2\] day2-platform \(60-platform\) ok in \d+\.\ds/)
      // A first install leaves the CRDs of Traefik's crds/ to Helm.
      expect(installed.stderr).not.toContain('CRD file(s)')

      const status = timed('status', ['status', 'day2', '--json'])
      expect(status.status, status.stdout).toBe(0)
      const report = JSON.parse(status.stdout)
      expect(report.ready).toBe(true)
      expect(report.releases.map((release: {release: string}) => release.release)).toEqual([
        'day2-network',
        'day2-platform',
      ])
      for (const release of report.releases) {
        expect(release).toMatchObject({installed: true, status: 'deployed', revision: 1, notReady: []})
        expect(release.charts.length).toBeGreaterThan(0)
        expect(release.chartsDiffer).toBe(false)
        // The layer chart and each dependency, deployed at the version its Chart.yaml pins.
        for (const chart of release.charts) expect(chart.deployed, chart.name).toBe(chart.onDisk)
      }

      const before = await manifests(RELEASES)
      const again = timed('install again', ['install', 'day2', '--json'])
      expect(again.status, again.stderr).toBe(0)
      const steps = JSON.parse(again.stdout).steps as Array<{status: string; dir?: string; crds?: number}>
      expect(steps.map((step) => step.status)).toEqual(['ok', 'ok', 'ok'])
      expect(await manifests(RELEASES)).toEqual(before)
      // On upgrade, the CRDs Traefik keeps in crds/ were applied server-side first, under prodstack's name.
      expect(steps.find((step) => step.dir === '60-platform')?.crds).toBe(25)
      expect(steps.find((step) => step.dir === '20-network')?.crds).toBeUndefined()
      const crd = await cluster.kubectl([
        'get',
        'crd',
        'ingressroutes.traefik.io',
        '-o',
        'json',
        '--show-managed-fields',
      ])
      expect(crd.status, crd.stderr).toBe(0)
      const fields = JSON.parse(crd.stdout).metadata.managedFields as Array<{
        manager: string
        operation: string
      }>
      expect(
        fields.filter((field) => field.manager === 'prodstack' && field.operation === 'Apply'),
      ).toHaveLength(1)
      // --json progress: one event a line on stderr, in install order.
      const events = again.stderr
        .trim()
        .split('\n')
        .map((text) => JSON.parse(text) as {event: string; release?: string})
      expect(events.map((event) => `${event.event} ${event.release ?? ''}`.trim())).toEqual([
        'check',
        'release-start day2-network',
        'release-done day2-network',
        'release-start day2-platform',
        'crds day2-platform',
        'release-done day2-platform',
      ])

      const refused = cli(['uninstall', 'day2'])
      expect(refused.status).toBe(1)
      expect(refused.stderr).toContain('pass --yes')

      // A rollout that cannot finish: the new pod has nowhere to run, the old one stays ready.
      const names = await cluster.kubectl(['get', 'deployments', '--namespace', 'platform', '-o', 'name'])
      const deployment = names.stdout.split('\n').find((name) => name.includes('traefik'))!
      const stuck = await cluster.kubectl([
        'patch',
        deployment,
        '--namespace',
        'platform',
        '--type',
        'merge',
        '-p',
        '{"spec":{"template":{"spec":{"nodeSelector":{"prodstack.test/nowhere":"true"}}}}}',
      ])
      expect(stuck.status, stuck.stderr).toBe(0)
      const notReady = cli(['status', 'day2'])
      expect(notReady.status, notReady.stdout).toBe(1)
      expect(notReady.stdout).toContain(
        `not ready: Deployment platform/${deployment.replace(/^[^/]+\//, '')}`,
      )
      expect(notReady.stderr).toContain('Error: day2 is not ready')
      expect(notReady.stderr).toContain('platform/day2-platform: has 1 workload(s) not ready')

      // A claim like the ones StatefulSets make: uninstall keeps it (and --purge, below, deletes it).
      const claim = await cluster.kubectl(['apply', '-f', '-'], {input: claimManifest('data-day2', true)})
      expect(claim.status, claim.stderr).toBe(0)
      const removed = timed('uninstall', ['uninstall', 'day2', '--yes'])
      expect(removed.status, removed.stderr).toBe(0)
      expect(removed.stdout).toContain('2 release(s) uninstalled.\nKept:')
      expect(removed.stdout).toContain('CustomResourceDefinitions')
      expect(removed.stdout).toContain('PersistentVolumeClaims')
      expect(await releasesLeft()).toBe('')
      expect(await claimsIn('platform')).toEqual(['data-day2'])

      const twice = cli(['uninstall', 'day2', '--yes'])
      expect(twice.status, twice.stderr).toBe(0)
      expect(twice.stderr).toContain('day2-network (kube-system): not installed, skipped')

      const gone = cli(['status', 'day2', '--json'])
      expect(gone.status).toBe(1)
      expect(JSON.parse(gone.stdout)).toMatchObject({
        status: 'error',
        error: {code: 'STACK_NOT_READY'},
        ready: false,
      })
      console.log(`day2 timings (Helm ${helm.major}): ${timings.join(', ')}`)
    },
    4 * INSTALL_MS,
  )
  it(
    'stops at the release that fails, says how to resume, and resumes there with --from',
    async () => {
      const broken = join(work, 'day2', '60-platform', 'templates', 'broken.yaml')
      writeFileSync(broken, 'kind: ConfigMap\nmetadata: {name: [not, a, name]}\n')
      try {
        const failed = cli(['install', 'day2'])
        expect(failed.status, failed.stderr).toBe(1)
        expect(failed.stderr).toMatch(/\[1\/2\] day2-network \(20-network\) ok in/)
        expect(failed.stderr).toMatch(/\[2\/2\] day2-platform \(60-platform\) FAILED in/)
        expect(failed.stderr).toContain('Error: release day2-platform (60-platform) failed: ')
        expect(failed.stderr).toContain('resume with: prodstack install day2 --from 60-platform')
        const json = JSON.parse(cli(['install', 'day2', '--json']).stdout)
        expect(json.error.code).toBe('INSTALL_FAILED')
        expect(json.steps.map((step: {status: string}) => step.status)).toEqual(['ok', 'ok', 'failed'])
      } finally {
        rmSync(broken)
      }
      const resumed = cli(['install', 'day2', '--from', '60-platform'])
      expect(resumed.status, resumed.stderr).toBe(0)
      expect(resumed.stderr).toMatch(/^\[1\/1\] day2-platform \(60-platform\) ok in/m)
      expect(resumed.stderr).not.toContain('day2-network')
      // The network release was not touched by the resumed run: still the revision of the second failed run.
      const network = await helmRun([
        'list',
        '--namespace',
        'kube-system',
        '--filter',
        '^day2-network$',
        '-o',
        'json',
      ])
      expect(JSON.parse(network.stdout)[0].revision).toBe('2')
      expect(cli(['status', 'day2']).status).toBe(0)
      const other = await cluster.kubectl(['apply', '-f', '-'], {
        input: claimManifest('not-the-stacks', false),
      })
      expect(other.status, other.stderr).toBe(0)
      const removed = cli(['uninstall', 'day2', '--yes', '--purge'])
      expect(removed.status, removed.stderr).toBe(0)
      expect(removed.stdout).toContain('Deleted 1 PersistentVolumeClaim(s): platform/data-day2\n')
      expect(removed.stdout).toContain('PersistentVolumeClaims without the release label')
      expect(await releasesLeft()).toBe('')
      expect(await claimsIn('platform')).toEqual(['not-the-stacks'])
    },
    4 * INSTALL_MS,
  )
  it(
    'lets the Helm operation under way finish on Ctrl-C, then stops and says how to resume',
    async () => {
      const child = spawn(process.execPath, [BIN, 'install', 'day2'], {
        cwd: work,
        env: cliEnv(env),
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      let stderr = ''
      child.stderr.setEncoding('utf8')
      child.stdout.resume()
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
      try {
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(
            () => reject(new Error(`install never started its first release:\n${stderr}`)),
            60_000,
          )
          child.stderr.on('data', (chunk: string) => {
            stderr += chunk
            if (stderr.includes('[1/2] day2-network (20-network) ...')) {
              clearTimeout(timer)
              resolve()
            }
          })
        })
        // Only prodstack gets the signal (a terminal would send it to helm too, which then fails and is reported).
        child.kill('SIGINT')
        expect(await exited, stderr).toBe(130)
      } finally {
        if (child.exitCode === null) child.kill('SIGKILL')
      }
      expect(stderr).toMatch(/\[1\/2\] day2-network \(20-network\) ok in/)
      expect(stderr).toContain(
        'Error: Interrupted (SIGINT): release day2-network (20-network) finished; 1 release(s) not installed',
      )
      expect(stderr).toContain('resume with: prodstack install day2 --from 60-platform')
      expect(await releasesLeft()).toBe('day2-network')
      const removed = cli(['uninstall', 'day2', '--yes'])
      expect(removed.status, removed.stderr).toBe(0)
      expect(await releasesLeft()).toBe('')
    },
    4 * INSTALL_MS,
  )

  it(
    'lives with a stack: install, status, an answer changed and a value edited by hand, diff names both, install again, the edit is live, uninstall',
    async () => {
      const made = cli(['init', '--yes', '--no-dependency-update', '--preset', 'minimal', 'loop'], 60_000)
      expect(made.status, made.stderr).toBe(0)
      const dir = join(work, 'loop')
      vendorStackCharts(dir, helm)
      expect(cli(['install', 'loop']).status).toBe(0)
      expect(cli(['status', 'loop']).status).toBe(0)

      // Day 2: Prometheus joins the stack, and a value of Cilium's is set by hand in its values.yaml.
      const answers = join(dir, 'prodstack.yaml')
      writeFileSync(answers, readFileSync(answers, 'utf8').replace('metrics: none', 'metrics: prometheus'))
      const network = join(dir, '20-network', 'values.yaml')
      writeFileSync(
        network,
        readFileSync(network, 'utf8').replace(/^cilium:\n/m, 'cilium:\n  podLabels:\n    team: platform\n'),
      )
      const diff = cli(['diff', 'loop', '--json'])
      expect(diff.status, diff.stderr).toBe(0)
      const changes = JSON.parse(diff.stdout)
      expect(changes.components.added).toEqual(['prometheus'])
      expect(changes.localEdits).toContainEqual(
        expect.objectContaining({file: '20-network/values.yaml', path: 'cilium.podLabels'}),
      )

      const regenerated = cli(
        ['init', '--answers', answers, '--force', '--no-dependency-update', 'loop'],
        60_000,
      )
      expect(regenerated.status, regenerated.stderr).toBe(0)
      vendorStackCharts(dir, helm)
      const upgraded = cli(['install', 'loop'])
      expect(upgraded.status, upgraded.stderr).toBe(0)
      const values = await helmRun([
        'get',
        'values',
        'loop-network',
        '--namespace',
        'kube-system',
        // --all: the chart's own values.yaml, where prodstack writes, not only -f/--set values.
        '--all',
        '-o',
        'json',
      ])
      expect(values.status, values.stderr).toBe(0)
      expect(JSON.parse(values.stdout).cilium.podLabels).toEqual({team: 'platform'})
      const status = cli(['status', 'loop', '--json'])
      expect(status.status, status.stdout).toBe(0)
      expect(
        JSON.parse(status.stdout).releases.map((release: {revision: number}) => release.revision),
      ).toEqual([2, 2])

      const removed = cli(['uninstall', 'loop', '--yes'])
      expect(removed.status, removed.stderr).toBe(0)
      expect(await releasesLeft()).toBe('')
    },
    4 * INSTALL_MS,
  )
})
