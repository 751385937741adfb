import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, expect, it} from 'vitest'
import {parse, parseAllDocuments} from 'yaml'
import type {AnswersInput} from '../src/answers/schema.js'
import {renderStackFiles} from '../src/app/stack.js'
import {SUPPORTED_KUBERNETES} from '../src/catalog/kubernetes.js'
import {describeEachHelm, runHelm, writeFileSet, writeStubChart} from './support/helm.js'
import {FULL_SINGLE, planFor} from './support/plans.js'

/**
 * The supported Kubernetes lines, oldest and newest: every layer must lint and render on both, and
 * the stub subcharts carry the upstream charts' kubeVersion ranges, so Helm checks those too.
 */
// The oldest and newest Kubernetes lines the stack supports: every layer renders and lints on both.
const KUBE_VERSIONS = [`${SUPPORTED_KUBERNETES.oldest}.0`, `${SUPPORTED_KUBERNETES.newest}.0`]

const cases: Array<{name: string; input: AnswersInput}> = [
  {name: 'minimal preset', input: {preset: 'minimal'}},
  {name: 'standard preset', input: {preset: 'standard', domain: 'example.com'}},
  {name: 'full preset', input: {preset: 'full', domain: 'example.com'}},
  {
    name: 'full preset, single chart',
    input: FULL_SINGLE,
  },
  {
    name: 'calico, linkerd, fluentd to opensearch',
    input: {
      preset: 'full',
      cni: 'calico',
      mesh: 'linkerd',
      logging: 'fluentd',
      logStore: 'opensearch',
      dashboards: ['grafana', 'opensearch-dashboards'],
      domain: 'example.com',
    },
  },
  {
    name: 'weave-net, ingress-nginx, prometheus',
    input: {
      preset: 'standard',
      cni: 'weave-net',
      ingress: 'ingress-nginx',
      allowRetired: true,
      metrics: 'prometheus',
    },
  },
]

const roots: string[] = []
afterAll(() => {
  for (const root of roots) rmSync(root, {recursive: true, force: true})
})

const isMap = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

function valueAt(tree: unknown, path: string[]): unknown {
  let node = tree
  for (const key of path) node = (node as Record<string, unknown> | undefined)?.[key]
  return node
}

describeEachHelm('generated charts under real Helm', (helm) => {
  for (const {name, input} of cases) {
    for (const KUBE_VERSION of KUBE_VERSIONS)
      it(`${name}, Kubernetes ${KUBE_VERSION}: every layer passes lint --strict and template, and each subchart receives the planned values`, () => {
        const plan = planFor(input)
        const root = mkdtempSync(join(tmpdir(), 'prodstack-helm-'))
        roots.push(root)
        writeFileSet(root, renderStackFiles(plan, '0.0.0-test'))
        let checked = 0
        for (const layer of plan.layers) {
          const chartDir = join(root, layer.dir)
          for (const chart of layer.charts) {
            if (!chart.repository.startsWith('file://'))
              writeStubChart(join(chartDir, 'charts', chart.alias), chart.alias)
          }
          const lint = runHelm(helm, ['lint', '--strict', '--kube-version', KUBE_VERSION, chartDir])
          expect(lint).toContain('1 chart(s) linted, 0 chart(s) failed')
          const rendered = runHelm(helm, [
            'template',
            layer.release,
            chartDir,
            '--namespace',
            layer.namespace,
            '--kube-version',
            KUBE_VERSION,
          ])
          const docs = parseAllDocuments(rendered).map((doc) => doc.toJS() as Record<string, any> | null)
          for (const chart of layer.charts) {
            if (chart.repository.startsWith('file://')) continue
            const received = docs.find(
              (doc) => doc?.kind === 'ConfigMap' && doc.metadata?.name === `received-${chart.alias}`,
            )
            expect(received, `${layer.dir}: ${chart.alias} rendered`).toBeDefined()
            const values = parse(received!.data['values.yaml'])
            expect(values.enabled, `${chart.alias}.enabled`).toBe(true)
            for (const setting of chart.settings) {
              const received = valueAt(values, setting.path)
              const where = `${chart.alias}.${setting.path.join('.')}`
              // Maps arrive merged with the chart's own defaults; everything else must arrive as set.
              if (isMap(setting.value)) expect(received, where).toMatchObject(setting.value)
              else expect(received, where).toEqual(setting.value)
              checked++
            }
          }
          for (const manifest of layer.manifests) {
            for (const object of manifest.objects) {
              const meta = object.metadata as {name: string}
              expect(
                docs.some((doc) => doc?.kind === object.kind && doc?.metadata?.name === meta.name),
                `${layer.dir}: ${String(object.kind)} ${meta.name}`,
              ).toBe(true)
            }
          }
        }
        expect(checked).toBeGreaterThan(0)
      })
  }
})
