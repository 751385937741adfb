import {copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, describe, expect, it, vi} from 'vitest'
import {parseAllDocuments} from 'yaml'
import {checkKubernetesVersion} from '../../src/app/cluster.js'
import type {InstallProgress} from '../../src/app/install-stack.js'
import {kubernetesMinor, kubernetesSupport, SUPPORTED_KUBERNETES} from '../../src/catalog/kubernetes.js'
import {installProgress, progressMode} from '../../src/cli/install-progress.js'
import {UserError} from '../../src/errors.js'
import {dependencyCrds} from '../../src/io/chart-files.js'
import {describeWithShared, REPO_ROOT, SHARED_DIR} from '../support/shared.js'

describe('the cluster version install accepts', () => {
  it('reads server versions as clusters report them, vendor suffixes included', () => {
    expect(kubernetesSupport('v1.37.2')).toBe('supported')
    expect(kubernetesSupport('v1.35.0-eks-4f8d9c1')).toBe('supported')
    expect(kubernetesSupport('v1.36.4+k3s1')).toBe('supported')
    expect(kubernetesSupport('v1.34.9')).toBe('older')
    expect(kubernetesSupport('v1.38.0-alpha.1')).toBe('newer')
    expect(kubernetesSupport('v2.0.0')).toBe('newer')
    expect(kubernetesSupport('v0.0.0-master')).toBe('older')
    expect(kubernetesSupport('unknown')).toBe('unknown')
  })

  it('refuses an older cluster before anything changes, with the supported range and the fix', () => {
    let error: UserError | undefined
    try {
      checkKubernetesVersion('v1.34.9')
    } catch (caught) {
      error = caught as UserError
    }
    expect(error).toBeInstanceOf(UserError)
    expect(error?.code).toBe('CLUSTER_UNSUPPORTED')
    expect(error?.message).toBe(
      `the cluster runs Kubernetes v1.34.9; this stack supports ${SUPPORTED_KUBERNETES.oldest} to ${SUPPORTED_KUBERNETES.newest}. Nothing was installed`,
    )
    expect(error?.problems[0]?.hint).toBe(`upgrade the cluster to ${SUPPORTED_KUBERNETES.oldest} or newer`)
  })

  it('is one range: the README says it, and the test control plane runs its newest line', () => {
    const {oldest, newest} = SUPPORTED_KUBERNETES
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8')
    expect(readme).toContain(`runs Kubernetes ${oldest} to ${newest}`)
    expect(readme).toContain(`a Kubernetes older than ${oldest}`)
    const script = readFileSync(join(REPO_ROOT, 'scripts', 'cluster-env.sh'), 'utf8')
    const harness = /^PRODSTACK_KUBERNETES_VERSION=(\S+)$/m.exec(script)?.[1]
    expect(harness && kubernetesMinor(harness)).toEqual(kubernetesMinor(newest))
  })

  it('goes on with a notice for a newer or unreadable version, silently for a supported one', () => {
    expect(checkKubernetesVersion('v1.37.2')).toBeUndefined()
    expect(checkKubernetesVersion('v1.38.1')).toMatch(
      /^Kubernetes v1\.38\.1 is newer than 1\.37, .*: going on$/,
    )
    expect(checkKubernetesVersion('custom')).toContain('cannot read')
  })
})

describe("the CRDs install applies before an upgrade (Helm never upgrades a chart's crds/)", () => {
  const dirs: string[] = []
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, {recursive: true, force: true})
  })
  const layer = () => {
    const dir = mkdtempSync(join(tmpdir(), 'prodstack-crds-'))
    dirs.push(dir)
    mkdirSync(join(dir, 'charts'))
    return dir
  }

  it("reads an unpacked dependency's own crds/, sorted, and not its subcharts' or templates'", () => {
    const dir = layer()
    const chart = join(dir, 'charts', 'app')
    for (const sub of ['crds', 'templates/crds', 'charts/sub/crds'])
      mkdirSync(join(chart, sub), {recursive: true})
    writeFileSync(join(chart, 'crds', 'b.yaml'), 'kind: CustomResourceDefinition # b\n')
    writeFileSync(join(chart, 'crds', 'a.json'), '{"kind": "CustomResourceDefinition"}\n')
    writeFileSync(join(chart, 'crds', 'notes.txt'), 'not a manifest\n')
    writeFileSync(join(chart, 'templates', 'crds', 'c.yaml'), 'kind: CustomResourceDefinition # templated\n')
    writeFileSync(join(chart, 'charts', 'sub', 'crds', 'd.yaml'), 'kind: CustomResourceDefinition # sub\n')
    expect(dependencyCrds(dir).map((file) => file.location)).toEqual([
      'charts/app/crds/a.json',
      'charts/app/crds/b.yaml',
    ])
  })

  it('finds nothing in a layer without charts/', () => {
    expect(dependencyCrds(join(layer(), 'nowhere'))).toEqual([])
  })

  describeWithShared('with the real packaged charts', () => {
    it("reads Traefik's crds/ from its archive: CustomResourceDefinitions only", () => {
      const dir = layer()
      copyFileSync(
        join(SHARED_DIR, 'charts', 'traefik-41.3.0.tgz'),
        join(dir, 'charts', 'traefik-41.3.0.tgz'),
      )
      const files = dependencyCrds(dir)
      expect(files.length).toBe(25)
      expect(files[0]?.location).toMatch(/^charts\/traefik-41\.3\.0\.tgz:traefik\/crds\/.+\.yaml$/)
      const kinds = new Set(
        files.flatMap((file) =>
          parseAllDocuments(file.text)
            .map((doc) => (doc.toJS() as {kind?: string} | null)?.kind)
            .filter(Boolean),
        ),
      )
      expect([...kinds]).toEqual(['CustomResourceDefinition'])
      expect(files.map((file) => file.text).join('\n')).toContain('name: ingressroutes.traefik.io')
    })

    it('leaves out the kube-prometheus-stack CRD subchart, which the stack switches off', () => {
      const dir = layer()
      const archive = 'kube-prometheus-stack-88.5.3.tgz'
      copyFileSync(join(SHARED_DIR, 'charts', archive), join(dir, 'charts', archive))
      expect(dependencyCrds(dir)).toEqual([])
    })
  })
})

describe('install progress', () => {
  // One release's events share where they are in the run.
  const release = {index: 1, total: 2, release: 's-network', dir: '20-network'}
  const start: InstallProgress = {kind: 'release-start', ...release}
  const crds: InstallProgress = {kind: 'crds', ...release, count: 3}
  const done: InstallProgress = {kind: 'release-done', ...release, ms: 12_345, ok: true}

  it('picks events for --json, a spinner for a terminal, and lines for CI, pipes and dumb terminals', () => {
    expect(progressMode(true, {isTTY: true}, {})).toBe('json')
    expect(progressMode(false, {isTTY: true}, {})).toBe('spinner')
    expect(progressMode(false, {isTTY: true}, {CI: 'true'})).toBe('lines')
    expect(progressMode(false, {isTTY: true}, {CI: 'false'})).toBe('spinner')
    expect(progressMode(false, {isTTY: true}, {TERM: 'dumb'})).toBe('lines')
    expect(progressMode(false, {isTTY: false}, {})).toBe('lines')
  })

  it('writes one JSON object a line with --json, each with its event and the time since the start', () => {
    let clock = 1000
    const written: string[] = []
    const progress = installProgress('json', {write: (text) => written.push(text), now: () => clock})
    progress.show({kind: 'check', message: 'cluster v1.37.2'})
    clock += 250
    progress.show(start)
    clock += 12_345
    progress.show(done)
    progress.stop()
    expect(written.every((text) => text.endsWith('\n') && !text.slice(0, -1).includes('\n'))).toBe(true)
    expect(written.map((text) => JSON.parse(text))).toEqual([
      {event: 'check', message: 'cluster v1.37.2', elapsedMs: 0},
      {event: 'release-start', index: 1, total: 2, release: 's-network', dir: '20-network', elapsedMs: 250},
      {
        event: 'release-done',
        index: 1,
        total: 2,
        release: 's-network',
        dir: '20-network',
        ms: 12_345,
        ok: true,
        elapsedMs: 12_595,
      },
    ])
  })

  it('writes plain lines where there is no terminal', () => {
    const written: string[] = []
    const progress = installProgress('lines', {write: (text) => written.push(text)})
    for (const event of [start, crds, done]) progress.show(event)
    expect(written.join('')).toBe(
      '[1/2] s-network (20-network) ...\n' +
        "[1/2] s-network (20-network) 3 CRD file(s) from its charts' crds/ applied server-side (Helm does not upgrade them)\n" +
        '[1/2] s-network (20-network) ok in 12.3s\n',
    )
  })

  it('spins with the elapsed time on a terminal, then leaves the finished line, and stops its timer', () => {
    vi.useFakeTimers()
    try {
      let clock = 0
      const written: string[] = []
      const progress = installProgress('spinner', {
        write: (text) => written.push(text),
        now: () => clock,
        intervalMs: 100,
      })
      progress.show(start)
      clock = 1500
      vi.advanceTimersByTime(100)
      expect(written.at(-1)).toBe('\r\u001b[2K⠙ [1/2] s-network (20-network) 1.5s')
      progress.show(crds)
      // The notice goes above the spinner, which is drawn again under it.
      expect(written.slice(-3)).toEqual([
        '\r\u001b[2K',
        "[1/2] s-network (20-network) 3 CRD file(s) from its charts' crds/ applied server-side (Helm does not upgrade them)\n",
        '\r\u001b[2K⠹ [1/2] s-network (20-network) 1.5s',
      ])
      progress.show(done)
      expect(written.slice(-2)).toEqual(['\r\u001b[2K', '[1/2] s-network (20-network) ok in 12.3s\n'])
      const count = written.length
      vi.advanceTimersByTime(1000)
      expect(written.length).toBe(count)
      progress.show(start)
      progress.stop()
      const stopped = written.length
      vi.advanceTimersByTime(1000)
      expect(written.length).toBe(stopped)
      expect(written.at(-1)).toBe('\r\u001b[2K')
    } finally {
      vi.useRealTimers()
    }
  })
})
