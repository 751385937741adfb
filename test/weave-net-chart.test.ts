import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, expect, it} from 'vitest'
import {parseAllDocuments, stringify} from 'yaml'
import {chartValues} from '../src/render/values-tree.js'
import {describeEachHelm, runHelm} from './support/helm.js'
import {chartOf, planFor} from './support/plans.js'
import {REPO_ROOT} from './support/shared.js'

const CHART_DIR = join(REPO_ROOT, 'charts', 'weave-net')
// biome-ignore lint/suspicious/noExplicitAny: rendered Kubernetes objects are walked freely in assertions
type Doc = Record<string, any>

const scratch = mkdtempSync(join(tmpdir(), 'prodstack-weave-'))
afterAll(() => rmSync(scratch, {recursive: true, force: true}))

function valuesFile(name: string, values: Record<string, unknown>): string {
  const file = join(scratch, `${name}.yaml`)
  writeFileSync(file, stringify(values))
  return file
}

describeEachHelm('charts/weave-net', (helm) => {
  {
    const render = (args: string[] = [], namespace = 'kube-system'): Doc[] =>
      parseAllDocuments(runHelm(helm, ['template', 'weave', CHART_DIR, '--namespace', namespace, ...args]))
        .map((doc) => doc.toJS() as Doc | null)
        .filter((doc): doc is Doc => doc !== null)
    const daemonSet = (docs: Doc[]) => docs.find((doc) => doc.kind === 'DaemonSet')!
    const envOf = (container: Doc) =>
      Object.fromEntries(
        (container.env ?? []).map((entry: Doc) => [entry.name, entry.value ?? entry.valueFrom]),
      )

    it('passes helm lint --strict, with defaults and with every option turned', () => {
      expect(runHelm(helm, ['lint', '--strict', CHART_DIR])).toContain('0 chart(s) failed')
      const turned = valuesFile('turned', {
        networkPolicy: {enabled: false},
        mtu: 1400,
        iptablesBackend: 'nft',
        encryption: {existingSecret: 'weave-password'},
        metrics: {
          scrapeAnnotations: true,
          podMonitor: {enabled: true, labels: {release: 'kps'}, interval: '30s'},
        },
      })
      expect(runHelm(helm, ['lint', '--strict', CHART_DIR, '-f', turned])).toContain('0 chart(s) failed')
    })

    it('renders the RBAC objects and a DaemonSet with weave-init, weave and weave-npc on pinned images', () => {
      const docs = render()
      expect(docs.map((doc) => doc.kind).sort()).toEqual([
        'ClusterRole',
        'ClusterRoleBinding',
        'DaemonSet',
        'Role',
        'RoleBinding',
        'ServiceAccount',
      ])
      const spec = daemonSet(docs).spec.template.spec
      expect(spec.hostNetwork).toBe(true)
      expect(spec.initContainers.map((c: Doc) => c.name)).toEqual(['weave-init'])
      expect(spec.containers.map((c: Doc) => c.name)).toEqual(['weave', 'weave-npc'])
      expect([...spec.initContainers, ...spec.containers].map((c: Doc) => c.image)).toEqual([
        'rajchaudhuri/weave-kube:2.9.0',
        'rajchaudhuri/weave-kube:2.9.0',
        'rajchaudhuri/weave-npc:2.9.0',
      ])
      expect(envOf(spec.containers[0]).IPALLOC_RANGE).toBe('10.32.0.0/12')
    })

    it('keeps the peer-list Role in kube-system for a ServiceAccount in any namespace', () => {
      const docs = render([], 'platform')
      const role = docs.find((doc) => doc.kind === 'Role')!
      const binding = docs.find((doc) => doc.kind === 'RoleBinding')!
      expect(role.metadata.namespace).toBe('kube-system')
      expect(binding.metadata.namespace).toBe('kube-system')
      expect(binding.subjects).toEqual([{kind: 'ServiceAccount', name: 'weave-net', namespace: 'platform'}])
      expect(daemonSet(docs).metadata.namespace).toBe('platform')
    })

    it('without the policy controller drops weave-npc and tells weave-init and weave not to expect it', () => {
      const spec = daemonSet(render(['--set', 'networkPolicy.enabled=false'])).spec.template.spec
      expect(spec.containers.map((c: Doc) => c.name)).toEqual(['weave'])
      expect(envOf(spec.initContainers[0]).EXPECT_NPC).toBe('0')
      expect(envOf(spec.containers[0]).EXPECT_NPC).toBe('0')
    })

    it('reads the Weave password from an existing Secret, never from values', () => {
      const weave = daemonSet(render(['--set', 'encryption.existingSecret=weave-password'])).spec.template
        .spec.containers[0]
      expect(envOf(weave).WEAVE_PASSWORD).toEqual({
        secretKeyRef: {name: 'weave-password', key: 'weave-passwd'},
      })
    })

    it('renders the values prodstack plans: pod CIDR and a PodMonitor with kube-prometheus-stack', () => {
      const plan = planFor({preset: 'standard', cni: 'weave-net', podCidr: '10.90.0.0/16'})
      const {enabled: _enabled, ...values} = chartValues(chartOf(plan, 'weave-net'))
      const docs = render(['-f', valuesFile('planned', values)])
      expect(envOf(daemonSet(docs).spec.template.spec.containers[0]).IPALLOC_RANGE).toBe('10.90.0.0/16')
      const monitor = docs.find((doc) => doc.kind === 'PodMonitor')
      expect(monitor?.spec.podMetricsEndpoints.map((endpoint: Doc) => endpoint.port)).toEqual([
        'metrics',
        'npc-metrics',
      ])
    })

    it('annotates the pods for a standalone Prometheus when asked', () => {
      const metadata = daemonSet(render(['--set', 'metrics.scrapeAnnotations=true'])).spec.template.metadata
      expect(metadata.annotations).toEqual({'prometheus.io/scrape': 'true', 'prometheus.io/port': '6782'})
    })

    it('rejects values its schema does not know, and a malformed pod CIDR', () => {
      expect(() => render(['--set', 'ipallocRnage=10.0.0.0/16'])).toThrow()
      expect(() => render(['--set', 'ipallocRange=10.0.0.0'])).toThrow()
    })
  }
})
