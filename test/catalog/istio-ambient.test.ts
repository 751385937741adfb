import {execFileSync} from 'node:child_process'
import {rmSync} from 'node:fs'
import {describe, expect, it} from 'vitest'
import {parseAllDocuments} from 'yaml'
import type {AnswersInput} from '../../src/answers/schema.js'
import {sharedChartFile} from '../support/charts.js'
import {classifyPath} from '../support/conformance.js'
import type {KubeObject} from '../support/control-plane.js'
import {describeEachHelm} from '../support/helm.js'
import {chartOf, planFor, settingOf} from '../support/plans.js'
import {templateLayer, writeStackWithCharts} from '../support/rendered-images.js'
import {describeWithShared} from '../support/shared.js'

const istio = (input: AnswersInput = {}) => planFor({preset: 'minimal', mesh: 'istio', ...input})
const aliases = (input: AnswersInput) =>
  istio(input).layers.flatMap((layer) => layer.charts.map((chart) => `${layer.id}/${chart.alias}`))

describe('istio ambient data plane', () => {
  it('is the default Istio data plane: istio-cni in the network layer (kube-system), ztunnel beside istiod', () => {
    const plan = istio()
    expect(plan.answers.istioMode).toBe('ambient')
    expect(plan.components.map((component) => component.id)).toContain('istio-ambient')
    expect(aliases({})).toEqual(expect.arrayContaining(['network/istio-cni', 'mesh/ztunnel', 'mesh/istiod']))
    expect(plan.layers.find((layer) => layer.id === 'network')?.namespace).toBe('kube-system')
    expect(plan.layers.find((layer) => layer.id === 'mesh')?.namespace).toBe('istio-system')
  })

  it('is left out in sidecar mode and without Istio', () => {
    expect(aliases({istioMode: 'sidecar'})).not.toContain('network/istio-cni')
    expect(aliases({istioMode: 'sidecar'})).not.toContain('mesh/ztunnel')
    expect(settingOf(istio({istioMode: 'sidecar'}), 'istiod', 'profile')).toBeUndefined()
    const withoutMesh = planFor({preset: 'minimal', istioMode: 'ambient'})
    expect(withoutMesh.components.map((component) => component.id)).not.toContain('istio-ambient')
  })

  it('sets the ambient profile on istiod, istio-cni and ztunnel, and points ztunnel at istiod', () => {
    const plan = istio()
    for (const alias of ['istiod', 'istio-cni', 'ztunnel'])
      expect(settingOf(plan, alias, 'profile')).toBe('ambient')
    expect(settingOf(plan, 'ztunnel', 'istioNamespace')).toBe('istio-system')
  })

  it('makes the mesh namespace privileged, as ztunnel needs', () => {
    expect(istio().layers.find((layer) => layer.id === 'mesh')?.podSecurity).toBe('privileged')
  })

  it("picks Istio's platform profile where the cluster keeps CNI files elsewhere", () => {
    expect(settingOf(istio({cluster: 'k3s'}), 'istio-cni', 'platform')).toBe('k3s')
    expect(settingOf(istio({cluster: 'k3s'}), 'ztunnel', 'platform')).toBe('k3s')
    const gke = istio({cluster: 'gke'})
    expect(settingOf(gke, 'istio-cni', 'platform')).toBe('gke')
    expect(settingOf(gke, 'istio-cni', 'cniBinDir')).toBe('/home/kubernetes/bin')
    expect(settingOf(istio(), 'istio-cni', 'platform')).toBeUndefined()
  })

  it("lets ztunnel spoof its pods' source addresses under Calico, only in ambient mode", () => {
    const plan = istio({cni: 'calico'})
    expect(settingOf(plan, 'tigera-operator', 'defaultFelixConfiguration.enabled')).toBe(true)
    expect(settingOf(plan, 'tigera-operator', 'defaultFelixConfiguration.workloadSourceSpoofing')).toBe('Any')
    const sidecar = istio({cni: 'calico', istioMode: 'sidecar'})
    expect(settingOf(sidecar, 'tigera-operator', 'defaultFelixConfiguration.enabled')).toBeUndefined()
    expect(plan.warnings.some((warning) => warning.message.includes('workloadSourceSpoofing'))).toBe(true)
  })

  it('keeps Cilium from removing the chained istio-cni configuration', () => {
    const plan = istio({cni: 'cilium'})
    expect(settingOf(plan, 'cilium', 'cni.exclusive')).toBe(false)
    expect(settingOf(plan, 'cilium', 'socketLB.hostNamespaceOnly')).toBe(true)
  })

  it('gives kube-prometheus-stack PodMonitors for ztunnel and istio-cni', () => {
    const monitors = settingOf(
      istio({metrics: 'kube-prometheus-stack'}),
      'kube-prometheus-stack',
      'prometheus.additionalPodMonitors',
    ) as Array<{name: string}>
    expect(monitors.map((monitor) => monitor.name)).toEqual(
      expect.arrayContaining(['ztunnel', 'istio-cni', 'istio-proxies']),
    )
  })

  it('pulls both node agents from the image mirror', () => {
    const plan = istio({registry: 'registry.example.com/mirror'})
    expect(settingOf(plan, 'istio-cni', 'global.hub')).toBe('registry.example.com/mirror/istio')
    expect(settingOf(plan, 'ztunnel', 'hub')).toBe('registry.example.com/mirror/istio')
  })
})

describeWithShared('istio ambient values against upstream', () => {
  it('sets only keys the istio-cni, ztunnel and tigera-operator charts know', () => {
    for (const input of [
      {},
      {cluster: 'gke'},
      {cluster: 'k3s', registry: 'r.example.com'},
      {cni: 'calico'},
    ] as AnswersInput[]) {
      const plan = istio(input)
      for (const [alias, dir] of [
        ['istio-cni', 'istio-cni'],
        ['ztunnel', 'istio-ztunnel'],
        ...(input.cni === 'calico' ? [['tigera-operator', 'tigera-operator']] : []),
      ] as const)
        for (const setting of chartOf(plan, alias).settings)
          expect(classifyPath(dir, setting.path), `${alias}.${setting.path.join('.')}`).not.toBe('unknown')
    }
  })

  it("sets a workloadSourceSpoofing value Calico's FelixConfiguration CRD accepts", () => {
    const crd = execFileSync(
      'tar',
      [
        '-xzOf',
        sharedChartFile('crd.projectcalico.org.v1', chartOf(istio({cni: 'calico'}), 'calico-crds').version),
        '--wildcards',
        '*_felixconfigurations.yaml',
      ],
      {encoding: 'utf8', maxBuffer: 16 * 1024 * 1024},
    )
    const doc = parseAllDocuments(crd)
      .map((document) => document.toJS())
      .find((object) => object?.kind === 'CustomResourceDefinition')
    const spec = doc.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties
    const value = settingOf(
      istio({cni: 'calico'}),
      'tigera-operator',
      'defaultFelixConfiguration.workloadSourceSpoofing',
    )
    expect(new RegExp(spec.workloadSourceSpoofing.pattern.replace('(?i)', '')).test(String(value))).toBe(true)
  })
})

describeEachHelm('istio ambient rendered by the real charts', (helm) => {
  it('runs ztunnel and the istio-cni node agent with the ambient profile, and Calico allows spoofing', () => {
    const {plan, root} = writeStackWithCharts(
      {preset: 'minimal', mesh: 'istio', cni: 'calico', metrics: 'kube-prometheus-stack'},
      'prodstack-ambient-',
    )
    try {
      const objects = (layerId: string) =>
        parseAllDocuments(
          templateLayer(helm, root, plan.layers.find((layer) => layer.id === layerId)!, 'v1.37.2'),
        )
          .map((document) => document.toJS())
          .filter(Boolean)
      const network = objects('network')
      const mesh = objects('mesh')
      const daemonSet = (list: KubeObject[], name: string) =>
        list.find((object) => object.kind === 'DaemonSet' && object.metadata.name === name)
      const ztunnel = daemonSet(mesh, 'ztunnel')
      expect(ztunnel?.spec.template.metadata.labels.app).toBe('ztunnel')
      expect(ztunnel?.spec.template.spec.containers[0].ports).toContainEqual(
        expect.objectContaining({name: 'ztunnel-stats', containerPort: 15020}),
      )
      const cni = daemonSet(network, 'istio-cni-node')
      expect(cni?.spec.template.metadata.labels['k8s-app']).toBe('istio-cni-node')
      expect(cni?.spec.template.spec.containers[0].ports).toContainEqual(
        expect.objectContaining({name: 'metrics'}),
      )
      // The chart grants the node agent its ambient RBAC only when the profile turns ambient on.
      expect(
        network.some(
          (object) => object.kind === 'ClusterRole' && object.metadata.name === 'istio-cni-ambient',
        ),
      ).toBe(true)
      const istiod = mesh.find((object) => object.kind === 'Deployment' && object.metadata.name === 'istiod')
      expect(istiod?.spec.template.spec.containers[0].env).toContainEqual({
        name: 'PILOT_ENABLE_AMBIENT',
        value: 'true',
      })
      const felix = network.find((object) => object.kind === 'FelixConfiguration')
      expect(felix?.metadata.name).toBe('default')
      expect(felix?.spec.workloadSourceSpoofing).toBe('Any')
    } finally {
      rmSync(root, {recursive: true, force: true})
    }
  }, 120_000)
})
