import {describe, expect, it} from 'vitest'
import type {AnswersInput} from '../../src/answers/schema.js'
import {clusterNetworksFor} from '../../src/catalog/components/linkerd.js'
import {classifyPath} from '../support/conformance.js'
import {chartOf, planFor, settingOf} from '../support/plans.js'
import {describeWithShared} from '../support/shared.js'

const linkerd = (input: AnswersInput = {}) => planFor({preset: 'minimal', mesh: 'linkerd', ...input})
const messages = (input: AnswersInput = {}) =>
  linkerd(input)
    .warnings.filter((warning) => warning.component === 'linkerd')
    .map((warning) => warning.message)
    .join('\n')
interface Obj {
  kind: string
  metadata: {name: string; namespace?: string}
  spec: Record<string, unknown>
}
const objectsOf = (input: AnswersInput = {}): Obj[] => {
  const mesh = linkerd(input).layers.find((layer) => layer.id === 'mesh')
  return (mesh?.manifests ?? []).flatMap((manifest) => manifest.objects as unknown as Obj[])
}
const find = (objects: Obj[], kind: string, name: string) =>
  objects.find((object) => object.kind === kind && object.metadata.name === name)

describe('linkerd', () => {
  it('is chosen by --mesh linkerd: CRDs in the CRDs layer, the control plane in the mesh layer', () => {
    const plan = linkerd()
    expect(chartOf(plan, 'linkerd-crds').layer).toBe('crds')
    expect(chartOf(plan, 'linkerd-control-plane').layer).toBe('mesh')
  })

  it('installs the mesh layer into the linkerd namespace, at the privileged level its proxy-init needs', () => {
    const mesh = linkerd().layers.find((layer) => layer.id === 'mesh')
    expect(mesh?.namespace).toBe('linkerd')
    expect(mesh?.podSecurity).toBe('privileged')
  })

  it('is edge-only: pinned edge releases, with a lifecycle warning that names Istio as the alternative', () => {
    const lifecycle = linkerd().warnings.find((warning) => warning.code === 'LIFECYCLE')
    expect(lifecycle?.message).toContain('edge')
    expect(lifecycle?.alternatives).toEqual(['istio'])
    expect(chartOf(linkerd(), 'linkerd-control-plane').repository).toBe('https://helm.linkerd.io/edge')
    expect(chartOf(linkerd(), 'linkerd-control-plane').version).toMatch(/^\d{4}\.\d+\.\d+$/)
  })

  it('takes its identity from cert-manager: external CA, kubernetes.io/tls issuer, no inline keys', () => {
    const plan = linkerd()
    expect(settingOf(plan, 'linkerd-control-plane', 'identity.externalCA')).toBe(true)
    expect(settingOf(plan, 'linkerd-control-plane', 'identity.issuer.scheme')).toBe('kubernetes.io/tls')
    const paths = chartOf(plan, 'linkerd-control-plane').settings.map((setting) => setting.path.join('.'))
    expect(paths.filter((path) => /PEM$/.test(path))).toEqual([])
  })

  it('adds the self-signed bootstrap, the ECDSA trust anchor, its CA Issuer and the identity issuer to the mesh layer', () => {
    const objects = objectsOf()
    expect(find(objects, 'Issuer', 'linkerd-selfsigned')?.spec).toEqual({selfSigned: {}})
    const anchor = find(objects, 'Certificate', 'linkerd-trust-anchor')
    expect(anchor?.spec).toMatchObject({
      isCA: true,
      secretName: 'linkerd-trust-anchor',
      privateKey: {algorithm: 'ECDSA', size: 256, rotationPolicy: 'Never'},
      issuerRef: {name: 'linkerd-selfsigned', kind: 'Issuer'},
    })
    expect(find(objects, 'Issuer', 'linkerd-trust-anchor')?.spec).toEqual({
      ca: {secretName: 'linkerd-trust-anchor'},
    })
    const issuer = find(objects, 'Certificate', 'linkerd-identity-issuer')
    expect(issuer?.metadata.namespace).toBe('linkerd')
    expect(issuer?.spec).toMatchObject({
      secretName: 'linkerd-identity-issuer',
      isCA: true,
      commonName: 'identity.linkerd.cluster.local',
      dnsNames: ['identity.linkerd.cluster.local'],
      privateKey: {algorithm: 'ECDSA', size: 256},
      issuerRef: {name: 'linkerd-trust-anchor', kind: 'Issuer'},
    })
    // The trust-manager Bundle is cluster-scoped; every other object lives in Linkerd's namespace.
    for (const object of objects.filter((entry) => entry.kind !== 'Bundle'))
      expect(object.metadata.namespace).toBe('linkerd')
  })

  it('has cert-manager issue the webhook certificates, so Helm does not regenerate them on every render', () => {
    const plan = linkerd()
    const objects = objectsOf()
    for (const [values, service] of [
      ['proxyInjector', 'linkerd-proxy-injector'],
      ['profileValidator', 'linkerd-sp-validator'],
      ['policyValidator', 'linkerd-policy-validator'],
    ]) {
      expect(settingOf(plan, 'linkerd-control-plane', `${values}.externalSecret`)).toBe(true)
      expect(settingOf(plan, 'linkerd-control-plane', `${values}.injectCaFrom`)).toBe(`linkerd/${service}`)
      expect(find(objects, 'Certificate', service!)?.spec).toMatchObject({
        secretName: `${service}-k8s-tls`,
        dnsNames: [`${service}.linkerd.svc`],
        issuerRef: {name: 'linkerd-webhook-issuer'},
      })
    }
    expect(find(objects, 'Issuer', 'linkerd-webhook-issuer')?.spec).toEqual({
      ca: {secretName: 'linkerd-webhook-ca'},
    })
  })

  it('needs no manual step for linkerd-identity-trust-roots: a trust-manager Bundle in the mesh layer writes it', () => {
    expect(messages()).not.toContain('create configmap')
    const bundle = find(objectsOf(), 'Bundle', 'linkerd-identity-trust-roots')
    expect(bundle?.spec).toMatchObject({
      sources: [{secret: {name: 'linkerd-trust-anchor', key: 'ca.crt'}}],
      target: {configMap: {key: 'ca-bundle.crt'}},
    })
  })

  it('always includes the pod CIDR in clusterNetworks', () => {
    expect(settingOf(linkerd({podCidr: '10.244.0.0/16'}), 'linkerd-control-plane', 'clusterNetworks')).toBe(
      '10.0.0.0/8,100.64.0.0/10,172.16.0.0/12,192.168.0.0/16,fd00::/8',
    )
    expect(settingOf(linkerd({podCidr: '198.18.0.0/15'}), 'linkerd-control-plane', 'clusterNetworks')).toBe(
      '198.18.0.0/15,10.0.0.0/8,100.64.0.0/10,172.16.0.0/12,192.168.0.0/16,fd00::/8',
    )
    expect(clusterNetworksFor('172.32.0.0/16')[0]).toBe('172.32.0.0/16')
    expect(clusterNetworksFor('172.31.0.0/16')[0]).toBe('10.0.0.0/8')
  })

  it('sends no heartbeat to the Linkerd project', () => {
    expect(settingOf(linkerd(), 'linkerd-control-plane', 'disableHeartBeat')).toBe(true)
  })

  it('makes the plan add cert-manager, or warns that it must already exist with --no-cert-manager', () => {
    expect(linkerd().components.map((component) => component.id)).toContain('cert-manager')
    expect(messages()).not.toContain('--no-cert-manager')
    const without = linkerd({certManager: false})
    expect(without.components.map((component) => component.id)).not.toContain('cert-manager')
    expect(messages({certManager: false})).toContain('cert-manager must already run in the cluster')
  })

  it('warns that its charts need Kubernetes 1.31 and the Gateway API CRDs first', () => {
    const text = messages()
    expect(text).toContain('Kubernetes 1.31 or newer')
    expect(text).toContain('gateway-api/releases/download/v1.5.1/standard-install.yaml')
  })

  it('with kube-prometheus-stack creates its PodMonitors', () => {
    const plan = linkerd({metrics: 'kube-prometheus-stack'})
    expect(settingOf(plan, 'linkerd-control-plane', 'podMonitor.enabled')).toBe(true)
    expect(plan.wiring).toContainEqual({
      from: 'linkerd',
      to: 'kube-prometheus-stack',
      what: 'metrics scraped',
    })
  })

  it('with standalone Prometheus creates no PodMonitor; Prometheus gets Linkerd scrape jobs instead', () => {
    const plan = linkerd({metrics: 'prometheus'})
    expect(settingOf(plan, 'linkerd-control-plane', 'podMonitor.enabled')).toBeUndefined()
    const jobs = settingOf(plan, 'prometheus', 'extraScrapeConfigs') as string
    expect(jobs).toContain('job_name: linkerd-proxy')
    expect(jobs).toContain('^linkerd-proxy;linkerd-admin;linkerd$')
  })
})

describeWithShared('linkerd values against upstream', () => {
  it('sets only keys its values.yaml knows', () => {
    for (const input of [{metrics: 'kube-prometheus-stack'}, {podCidr: '198.18.0.0/15'}] as AnswersInput[]) {
      const plan = linkerd(input)
      for (const alias of ['linkerd-crds', 'linkerd-control-plane']) {
        for (const setting of chartOf(plan, alias).settings) {
          expect(classifyPath(alias, setting.path), `${alias}.${setting.path.join('.')}`).not.toBe('unknown')
        }
      }
    }
  })
})
