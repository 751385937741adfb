import {describe, expect, it} from 'vitest'
import {stringify} from 'yaml'
import {collectImages, mayNameImages} from '../../src/images/collect.js'
import {cycloneDxSbom, imagePurl} from '../../src/images/cyclonedx.js'
import {imageList, imagesTable} from '../../src/images/format.js'
import {attribute, splitManifests} from '../../src/images/manifests.js'
import {eckImage} from '../../src/images/operators.js'
import {normalizeImage} from '../../src/images/reference.js'
import {remoteRefs, remoteSchemaFailure} from '../../src/images/schema-refs.js'
import type {LayerInfo, RenderedLayer} from '../../src/images/types.js'
import {podTemplateOf} from '../../src/images/workloads.js'

describe('image references', () => {
  it.each([
    ['busybox', 'docker.io/library/busybox:latest'],
    ['busybox:1.36', 'docker.io/library/busybox:1.36'],
    ['library/busybox:1.36', 'docker.io/library/busybox:1.36'],
    ['docker.io/busybox', 'docker.io/library/busybox:latest'],
    ['index.docker.io/library/busybox:1', 'docker.io/library/busybox:1'],
    ['docker.io/traefik:v3.7.11', 'docker.io/library/traefik:v3.7.11'],
    ['grafana/grafana:13.2.0', 'docker.io/grafana/grafana:13.2.0'],
    ['quay.io/prometheus/prometheus:v3.14.0', 'quay.io/prometheus/prometheus:v3.14.0'],
    ['localhost/app', 'localhost/app:latest'],
    ['localhost:5000/team/app:1', 'localhost:5000/team/app:1'],
    ['registry.example.com:5000/app', 'registry.example.com:5000/app:latest'],
    [`nginx@sha256:${'a'.repeat(64)}`, `docker.io/library/nginx@sha256:${'a'.repeat(64)}`],
    [
      `quay.io/cilium/cilium:v1.20.0@sha256:${'b'.repeat(64)}`,
      `quay.io/cilium/cilium:v1.20.0@sha256:${'b'.repeat(64)}`,
    ],
  ])('%s is %s', (raw, ref) => {
    expect(normalizeImage(raw)?.ref).toBe(ref)
  })

  it('splits the reference into registry, repository, tag and digest', () => {
    expect(normalizeImage(`quay.io/cilium/cilium:v1.20.0@sha256:${'c'.repeat(64)}`)).toEqual({
      ref: `quay.io/cilium/cilium:v1.20.0@sha256:${'c'.repeat(64)}`,
      registry: 'quay.io',
      repository: 'cilium/cilium',
      tag: 'v1.20.0',
      digest: `sha256:${'c'.repeat(64)}`,
    })
    expect(normalizeImage(`busybox@sha256:${'d'.repeat(64)}`)?.tag).toBeUndefined()
  })

  it.each([
    '',
    ' ',
    'quay.io/app:',
    'Quay/App',
    'app:bad tag',
    'app@sha256:short',
    'a b',
    '{{ .Values.image }}',
    ':tag',
  ])('%j is not a reference', (raw) => {
    expect(normalizeImage(raw)).toBeUndefined()
  })
})

const layer = (dir: string, charts: LayerInfo['charts'] = [], release = `s-${dir}`): LayerInfo => ({
  id: dir.replace(/^\d+-/, ''),
  dir,
  release,
  namespace: 'platform',
  charts,
})

function rendered(
  info: LayerInfo,
  ...objects: Array<{source?: string; object: Record<string, unknown>}>
): RenderedLayer {
  return {layer: info, objects}
}

const pod = (containers: Record<string, unknown>) => ({spec: containers})

describe('manifests', () => {
  it('splits helm template output, keeps each template name and flattens Lists', () => {
    const text = [
      '---\n# Source: s-platform/charts/traefik/templates/deployment.yaml\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: t}',
      '---\n# Source: s-platform/templates/list.yaml\napiVersion: v1\nkind: List\nitems:\n  - {apiVersion: v1, kind: Pod, metadata: {name: a}}\n  - {apiVersion: v1, kind: Pod, metadata: {name: b}}',
      '---\n# Source: s-platform/charts/x/templates/dup.yaml\nkind: ConfigMap\nmetadata: {name: d}\ndata: {a: "1"}\ndata: {a: "2"}',
      '---\n# Source: s-platform/charts/x/templates/broken.yaml\nkind: [',
    ].join('\n')
    const {objects, problems} = splitManifests(text, '07-platform')
    expect(objects.map(({object}) => `${object.kind}/${(object.metadata as {name: string}).name}`)).toEqual([
      'Deployment/t',
      'Pod/a',
      'Pod/b',
      'ConfigMap/d',
    ])
    expect(objects[1]!.source).toBe('s-platform/templates/list.yaml')
    // Duplicate keys: the last one wins, as in Helm's decoder.
    expect(objects[3]!.object.data).toEqual({a: '2'})
    expect(problems).toHaveLength(1)
    expect(problems[0]!.source).toBe('07-platform: s-platform/charts/x/templates/broken.yaml')
  })

  it('attributes a template to the dependency, its subchart, or the layer chart itself', () => {
    const info = layer('07-platform', [
      {
        alias: 'kube-prometheus-stack',
        chart: 'kube-prometheus-stack',
        version: '88.5.3',
        repository: 'https://x',
      },
      {alias: 'istio-gateway', chart: 'gateway', version: '1.30.3', repository: 'https://y'},
    ])
    expect(attribute('s-07-platform/charts/istio-gateway/templates/deployment.yaml', info)).toEqual({
      alias: 'istio-gateway',
      chart: 'gateway',
      version: '1.30.3',
    })
    expect(
      attribute('s-07-platform/charts/kube-prometheus-stack/charts/grafana/templates/deployment.yaml', info),
    ).toEqual({
      alias: 'kube-prometheus-stack',
      chart: 'kube-prometheus-stack',
      version: '88.5.3',
      subchart: 'grafana',
    })
    expect(attribute('s-07-platform/templates/certificates.yaml', info)).toEqual({chart: 's-07-platform'})
  })

  it('parses only documents that can name images', () => {
    expect(mayNameImages('kind: CustomResourceDefinition\nspec: {image: x}')).toBe(false)
    expect(mayNameImages('kind: ConfigMap\ndata: {dashboard: "{}"}')).toBe(false)
    expect(mayNameImages('kind: Deployment\nspec: {template: {spec: {containers: [{image: x}]}}}')).toBe(true)
    expect(mayNameImages('apiVersion: operator.tigera.io/v1\nkind: Installation\nspec: {}')).toBe(true)
    expect(mayNameImages('kind: Elasticsearch\nspec: {version: 9.5.0}')).toBe(true)
    expect(mayNameImages('kind: ConfigMap\ndata:\n  eck.yaml: "container-registry: r"')).toBe(true)
  })
})

describe('pod specs', () => {
  const template = (spec: Record<string, unknown>) => ({template: {metadata: {annotations: {a: 'b'}}, spec}})
  const spec = {containers: [{name: 'c', image: 'c:1'}]}
  it.each([
    ['v1', 'Pod', {spec}],
    ['apps/v1', 'Deployment', {spec: template(spec)}],
    ['apps/v1', 'StatefulSet', {spec: template(spec)}],
    ['apps/v1', 'DaemonSet', {spec: template(spec)}],
    ['apps/v1', 'ReplicaSet', {spec: template(spec)}],
    ['v1', 'ReplicationController', {spec: template(spec)}],
    ['batch/v1', 'Job', {spec: template(spec)}],
    ['batch/v1', 'CronJob', {spec: {jobTemplate: {spec: template(spec)}}}],
    ['v1', 'PodTemplate', template(spec)],
  ])('%s %s', (apiVersion, kind, body) => {
    expect(podTemplateOf({apiVersion, kind, ...body})?.spec).toEqual(spec)
  })

  it('is not read from other groups', () => {
    expect(
      podTemplateOf({apiVersion: 'example.com/v1', kind: 'Deployment', spec: template(spec)}),
    ).toBeUndefined()
  })

  it('lists containers, init containers and ephemeral containers, with the workload, chart and hook', () => {
    const info = layer('03-platform', [
      {alias: 'app', chart: 'app', version: '1.0.0', repository: 'https://x'},
    ])
    const {images, warnings} = collectImages([
      rendered(
        info,
        {
          source: 's-03-platform/charts/app/templates/cronjob.yaml',
          object: {
            apiVersion: 'batch/v1',
            kind: 'CronJob',
            metadata: {name: 'backup'},
            spec: {
              jobTemplate: {
                spec: template({
                  initContainers: [{name: 'init', image: 'busybox'}],
                  containers: [{name: 'main', image: 'quay.io/app/backup:2'}],
                  ephemeralContainers: [{name: 'debug', image: 'docker.io/library/busybox:latest'}],
                }),
              },
            },
          },
        },
        {
          source: 's-03-platform/charts/app/templates/tests/test.yaml',
          object: {
            apiVersion: 'v1',
            kind: 'Pod',
            metadata: {name: 'test', annotations: {'helm.sh/hook': 'test'}},
            ...pod({
              containers: [{name: 'wget', image: 'busybox:1.36'}, {name: 'bad', image: 'x:'}, {name: 'none'}],
            }),
          },
        },
      ),
    ])
    expect(images.map((image) => image.ref)).toEqual([
      'docker.io/library/busybox:1.36',
      'docker.io/library/busybox:latest',
      'quay.io/app/backup:2',
    ])
    expect(images[1]!.uses.map((use) => use.container).sort()).toEqual(['debug', 'init'])
    expect(images[1]!.uses[0]).toMatchObject({
      layer: '03-platform',
      release: 's-03-platform',
      namespace: 'platform',
      alias: 'app',
      chart: 'app',
      version: '1.0.0',
      workload: 'CronJob/backup',
      origin: 'manifest',
    })
    expect(images[0]!.uses[0]!.hook).toBe('test')
    expect(warnings.map((warning) => warning.message)).toEqual([
      'container none has no image',
      'container bad has image "x:", which is not a valid image reference',
    ])
  })
})

const deployment = (name: string, container: Record<string, unknown>) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {name},
  spec: {template: {spec: {containers: [container]}}},
})

describe('images operators and meshes start', () => {
  it('Prometheus Operator: the resources’ images, the config reloader, Thanos and extra containers', () => {
    const info = layer('07-platform', [
      {
        alias: 'kube-prometheus-stack',
        chart: 'kube-prometheus-stack',
        version: '88.5.3',
        repository: 'https://x',
      },
    ])
    const source = 's/charts/kube-prometheus-stack/templates/x.yaml'
    const {images, warnings} = collectImages([
      rendered(
        info,
        {
          source,
          object: deployment('operator', {
            name: 'operator',
            image: 'quay.io/prometheus-operator/prometheus-operator:v0.93.1',
            args: [
              '--prometheus-config-reloader=quay.io/prometheus-operator/prometheus-config-reloader:v0.93.1',
              '--alertmanager-default-base-image',
              'quay.io/prometheus/alertmanager',
              '--thanos-default-base-image=quay.io/thanos/thanos:v0.42.4',
            ],
          }),
        },
        {
          source,
          object: {
            apiVersion: 'monitoring.coreos.com/v1',
            kind: 'Prometheus',
            metadata: {name: 'p'},
            spec: {
              image: 'quay.io/prometheus/prometheus:v3.14.0',
              thanos: {version: 'v0.40.0'},
              containers: [{name: 'sidecar', image: 'example.com/sidecar:1'}, {name: 'prometheus'}],
            },
          },
        },
        {
          source,
          object: {
            apiVersion: 'monitoring.coreos.com/v1',
            kind: 'Alertmanager',
            metadata: {name: 'a'},
            spec: {version: 'v0.34.0'},
          },
        },
      ),
    ])
    const refs = images.map((image) => image.ref)
    expect(refs).toEqual([
      'example.com/sidecar:1',
      'quay.io/prometheus-operator/prometheus-config-reloader:v0.93.1',
      'quay.io/prometheus-operator/prometheus-operator:v0.93.1',
      'quay.io/prometheus/alertmanager:v0.34.0',
      'quay.io/prometheus/prometheus:v3.14.0',
      'quay.io/thanos/thanos:v0.40.0',
    ])
    const reloader = images[1]!
    expect(reloader.uses.map((use) => use.workload)).toEqual(['Alertmanager/a', 'Prometheus/p'])
    expect(reloader.uses[0]).toMatchObject({
      origin: 'operator',
      startedBy: 'Deployment/operator',
      chart: 'kube-prometheus-stack',
    })
    expect(warnings).toEqual([])
  })

  it('Prometheus Operator: says so when a resource has no image it can tell', () => {
    const {images, warnings} = collectImages([
      rendered(layer('07-platform'), {
        object: {apiVersion: 'monitoring.coreos.com/v1', kind: 'Prometheus', metadata: {name: 'p'}, spec: {}},
      }),
    ])
    expect(images).toEqual([])
    expect(warnings.map((warning) => warning.message)).toEqual([
      expect.stringContaining("the image is the operator's built-in default"),
      expect.stringContaining('renders no operator that names it'),
    ])
  })

  it("cert-manager: the ACME solver its controller's flag names", () => {
    const {images} = collectImages([
      rendered(layer('04-cert-manager'), {
        object: deployment('cm', {
          name: 'controller',
          image: 'quay.io/jetstack/cert-manager-controller:v1.21.1',
          args: ['--acme-http01-solver-image=quay.io/jetstack/cert-manager-acmesolver:v1.21.1'],
        }),
      }),
    ])
    expect(images.map((image) => [image.ref, image.uses[0]!.origin])).toEqual([
      ['quay.io/jetstack/cert-manager-acmesolver:v1.21.1', 'operator'],
      ['quay.io/jetstack/cert-manager-controller:v1.21.1', 'manifest'],
    ])
  })

  const injector = (global: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {name: 'istio-sidecar-injector'},
    data: {config: 'templates: {}', values: JSON.stringify({global, ...extra})},
  })

  it('Istio: the injected proxy, also for gateways whose image is auto, from the injector’s values', () => {
    const mesh = layer('06-mesh', [
      {alias: 'istiod', chart: 'istiod', version: '1.30.3', repository: 'https://x'},
    ])
    const platform = layer('07-platform', [
      {alias: 'istio-gateway', chart: 'gateway', version: '1.30.3', repository: 'https://x'},
    ])
    const {images, warnings} = collectImages([
      rendered(mesh, {
        source: 's/charts/istiod/templates/cm.yaml',
        object: injector({
          hub: 'docker.io/istio',
          tag: '1.30.3',
          proxy: {image: 'proxyv2'},
          proxy_init: {image: 'proxyv2'},
        }),
      }),
      rendered(platform, {
        source: 's/charts/istio-gateway/templates/deployment.yaml',
        object: deployment('gw', {name: 'istio-proxy', image: 'auto'}),
      }),
    ])
    expect(images.map((image) => image.ref)).toEqual(['docker.io/istio/proxyv2:1.30.3'])
    expect(
      images[0]!.uses.map((use) => [use.layer, use.chart, use.workload, use.container, use.origin]),
    ).toEqual([
      ['06-mesh', 'istiod', 'meshed pods', 'istio-init', 'injected'],
      ['06-mesh', 'istiod', 'meshed pods', 'istio-proxy', 'injected'],
      ['07-platform', 'gateway', 'Deployment/gw', 'istio-proxy', 'injected'],
    ])
    expect(warnings).toEqual([])
  })

  it('Istio: a variant suffix, a full proxy image, and auto without an injector', () => {
    const variant = collectImages([
      rendered(layer('06-mesh'), {
        object: injector({
          hub: 'r.example/istio',
          tag: '1.30.3',
          variant: 'distroless',
          proxy: {image: 'proxyv2'},
        }),
      }),
    ])
    expect(variant.images.map((image) => image.ref)).toEqual(['r.example/istio/proxyv2:1.30.3-distroless'])
    const full = collectImages([
      rendered(layer('06-mesh'), {
        object: injector(
          {hub: 'h', tag: 't', proxy: {image: 'mirror.example/istio/proxyv2:1'}},
          {pilot: {cni: {enabled: true}}},
        ),
      }),
    ])
    expect(full.images[0]!.uses.map((use) => use.container).sort()).toEqual([
      'istio-proxy',
      'istio-validation',
    ])
    const orphan = collectImages([
      rendered(layer('07-platform'), {object: deployment('gw', {name: 'istio-proxy', image: 'auto'})}),
    ])
    expect(orphan.images).toEqual([])
    expect(orphan.warnings[0]!.message).toContain('image "auto"')
  })

  it('Linkerd: the proxy from linkerd-config, at linkerdVersion unless its own version is set', () => {
    const config = (values: Record<string, unknown>) => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {name: 'linkerd-config'},
      data: {values: stringify(values)},
    })
    const plain = collectImages([
      rendered(layer('05-mesh'), {
        object: config({
          linkerdVersion: 'edge-26.8.3',
          proxy: {image: {name: 'cr.l5d.io/linkerd/proxy', version: ''}},
        }),
      }),
    ])
    expect(plain.images.map((image) => [image.ref, image.uses[0]!.container])).toEqual([
      ['cr.l5d.io/linkerd/proxy:edge-26.8.3', 'linkerd-proxy, linkerd-init'],
    ])
    const pinned = collectImages([
      rendered(layer('05-mesh'), {
        object: config({
          linkerdVersion: 'stable-2.14.0',
          cniEnabled: true,
          proxy: {image: {name: 'cr.l5d.io/linkerd/proxy', version: 'stable-2.14.1'}},
          proxyInit: {image: {name: 'cr.l5d.io/linkerd/proxy-init', version: 'v2.2.3'}},
        }),
      }),
    ])
    expect(pinned.images.map((image) => [image.ref, image.uses[0]!.container])).toEqual([
      ['cr.l5d.io/linkerd/proxy-init:v2.2.3', 'linkerd-network-validator'],
      ['cr.l5d.io/linkerd/proxy:stable-2.14.1', 'linkerd-proxy'],
    ])
  })

  it('ECK: each resource’s image from the operator’s registry and the resource’s version', () => {
    const operators = layer('05-operators', [
      {alias: 'eck-operator', chart: 'eck-operator', version: '3.5.0', repository: 'https://x'},
    ])
    const platform = layer('07-platform', [
      {alias: 'elasticsearch', chart: 'eck-elasticsearch', version: '0.20.0', repository: 'https://x'},
      {alias: 'kibana', chart: 'eck-kibana', version: '0.20.0', repository: 'https://x'},
    ])
    const source = 's/charts/eck-operator/templates/x.yaml'
    const {images, warnings} = collectImages([
      rendered(
        operators,
        {
          source,
          object: {
            apiVersion: 'v1',
            kind: 'ConfigMap',
            metadata: {name: 'elastic-operator'},
            data: {'eck.yaml': 'container-registry: mirror.example:5000\n'},
          },
        },
        {
          source,
          object: {
            apiVersion: 'apps/v1',
            kind: 'StatefulSet',
            metadata: {name: 'elastic-operator'},
            spec: {
              template: {
                spec: {containers: [{name: 'manager', image: 'docker.elastic.co/eck/eck-operator:3.5.0'}]},
              },
            },
          },
        },
      ),
      rendered(
        platform,
        {
          source: 's/charts/elasticsearch/templates/es.yaml',
          object: {
            apiVersion: 'elasticsearch.k8s.elastic.co/v1',
            kind: 'Elasticsearch',
            metadata: {name: 'es'},
            spec: {
              version: '9.5.0',
              nodeSets: [
                {
                  podTemplate: {
                    spec: {
                      containers: [{name: 'elasticsearch'}],
                      initContainers: [{name: 'sysctl', image: 'busybox:1.36'}],
                    },
                  },
                },
              ],
            },
          },
        },
        {
          source: 's/charts/kibana/templates/kb.yaml',
          object: {
            apiVersion: 'kibana.k8s.elastic.co/v1',
            kind: 'Kibana',
            metadata: {name: 'kb'},
            spec: {version: '9.5.0'},
          },
        },
        {
          object: {
            apiVersion: 'beat.k8s.elastic.co/v1beta1',
            kind: 'Beat',
            metadata: {name: 'fb'},
            spec: {type: 'filebeat', version: '8.19.0'},
          },
        },
      ),
    ])
    expect(images.map((image) => image.ref)).toEqual([
      'docker.elastic.co/eck/eck-operator:3.5.0',
      'docker.io/library/busybox:1.36',
      'mirror.example:5000/beats/filebeat:8.19.0',
      'mirror.example:5000/elasticsearch/elasticsearch:9.5.0',
      'mirror.example:5000/kibana/kibana:9.5.0',
    ])
    const es = images[3]!.uses[0]!
    expect(es).toMatchObject({
      layer: '07-platform',
      chart: 'eck-elasticsearch',
      workload: 'Elasticsearch/es',
      origin: 'operator',
      startedBy: 'StatefulSet/elastic-operator',
    })
    expect(warnings).toEqual([])
  })

  it.each([
    [{}, 'elasticsearch/elasticsearch', '9.5.0', 'docker.elastic.co/elasticsearch/elasticsearch:9.5.0'],
    [{repository: 'mirror'}, 'kibana/kibana', '9.5.0', 'docker.elastic.co/mirror/kibana:9.5.0'],
    [
      {ubiOnly: true},
      'elasticsearch/elasticsearch',
      '8.19.0',
      'docker.elastic.co/elasticsearch/elasticsearch-ubi:8.19.0',
    ],
    [
      {ubiOnly: true},
      'elasticsearch/elasticsearch',
      '8.11.0',
      'docker.elastic.co/elasticsearch/elasticsearch-ubi8:8.11.0',
    ],
    [
      {ubiOnly: true},
      'elasticsearch/elasticsearch',
      '9.5.0',
      'docker.elastic.co/elasticsearch/elasticsearch:9.5.0',
    ],
    [{suffix: '-wolfi'}, 'kibana/kibana', '9.5.0', 'docker.elastic.co/kibana/kibana-wolfi:9.5.0'],
    [
      {},
      'elastic-maps-service/elastic-maps-server',
      '8.15.0',
      'docker.elastic.co/elastic-maps-service/elastic-maps-server-ubi:8.15.0',
    ],
  ])('ECK image with %j for %s %s is %s', (config, image, version, expected) => {
    expect(
      eckImage(image, version, {registry: 'docker.elastic.co', suffix: '', ubiOnly: false, ...config}),
    ).toBe(expected)
  })

  it('Calico: the Tigera operator’s images for the Installation and the other resources the chart renders', () => {
    const info = layer('03-network', [
      {alias: 'tigera-operator', chart: 'tigera-operator', version: 'v3.32.1', repository: 'https://x'},
    ])
    const source = 's/charts/tigera-operator/templates/crs.yaml'
    const resource = (kind: string, spec: Record<string, unknown> = {}) => ({
      source,
      object: {
        apiVersion: 'operator.tigera.io/v1',
        kind,
        metadata: {name: kind === 'ImageSet' ? 'calico-v3.32.1' : 'default'},
        spec,
      },
    })
    const base = collectImages([
      rendered(
        info,
        resource('Installation', {kubeletVolumePluginPath: 'None'}),
        resource('APIServer'),
        resource('Whisker'),
      ),
    ])
    expect(base.images.map((image) => image.ref)).toEqual([
      'quay.io/calico/apiserver:v3.32.1',
      'quay.io/calico/cni:v3.32.1',
      'quay.io/calico/kube-controllers:v3.32.1',
      'quay.io/calico/node:v3.32.1',
      'quay.io/calico/pod2daemon-flexvol:v3.32.1',
      'quay.io/calico/typha:v3.32.1',
      'quay.io/calico/whisker-backend:v3.32.1',
      'quay.io/calico/whisker:v3.32.1',
    ])
    expect(base.images[0]!.uses[0]).toMatchObject({
      chart: 'tigera-operator',
      version: 'v3.32.1',
      origin: 'operator',
      workload: 'Deployment/calico-apiserver',
    })
    const digest = `sha256:${'e'.repeat(64)}`
    const mirrored = collectImages([
      rendered(
        info,
        resource('Installation', {
          registry: 'mirror.example/',
          imagePath: 'ext',
          imagePrefix: 'c-',
          flexVolumePath: 'None',
        }),
        resource('ImageSet', {images: [{image: 'calico/node', digest}]}),
      ),
    ])
    expect(mirrored.images.map((image) => image.ref)).toEqual([
      'mirror.example/ext/c-cni:v3.32.1',
      'mirror.example/ext/c-csi:v3.32.1',
      'mirror.example/ext/c-kube-controllers:v3.32.1',
      'mirror.example/ext/c-node-driver-registrar:v3.32.1',
      `mirror.example/ext/c-node@${digest}`,
      'mirror.example/ext/c-typha:v3.32.1',
    ])
    const enterprise = collectImages([
      rendered(info, resource('Installation', {variant: 'TigeraSecureEnterprise'})),
    ])
    expect(enterprise.images).toEqual([])
    expect(enterprise.warnings[0]!.message).toContain('TigeraSecureEnterprise')
  })
})

describe('offline schemas', () => {
  it('finds the remote documents a schema refers to, without fragments', () => {
    const schema = JSON.stringify({
      properties: {
        a: {$ref: 'https://example.com/defs.json#/definitions/A'},
        b: {items: [{$ref: 'https://example.com/defs.json#/definitions/B'}, {$ref: '#/definitions/local'}]},
        c: {$ref: 'http://other.example/c.json'},
      },
    })
    expect(remoteRefs(schema)).toEqual(['http://other.example/c.json', 'https://example.com/defs.json'])
    expect(remoteRefs('not json')).toEqual([])
  })

  it("reads the URL out of Helm's message when a remote schema could not be fetched", () => {
    const stderr =
      'Error: values don\'t meet the specifications of the schema(s) in the following chart(s):\nnginx-ingress:\nfailing loading "https://raw.githubusercontent.com/nginxinc/kubernetes-json-schema/master/v1.36.1/_definitions.json": HTTP request failed'
    expect(remoteSchemaFailure(stderr)).toBe(
      'https://raw.githubusercontent.com/nginxinc/kubernetes-json-schema/master/v1.36.1/_definitions.json',
    )
    expect(remoteSchemaFailure('Error: template: x: nil pointer')).toBeUndefined()
  })
})

describe('output formats', () => {
  const info = layer('07-platform', [
    {alias: 'app', chart: 'app', version: '1.0.0', repository: 'https://charts.example'},
  ])
  const digest = `sha256:${'f'.repeat(64)}`
  const inventory = collectImages([
    rendered(info, {
      source: 's/charts/app/templates/d.yaml',
      object: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: {name: 'app'},
        spec: {
          template: {
            spec: {
              initContainers: [{name: 'init', image: 'busybox'}],
              containers: [
                {name: 'app', image: `quay.io/team/app:1.0@${digest}`},
                {name: 'sidecar', image: 'busybox'},
              ],
            },
          },
        },
      },
    }),
  ])

  it('list: one image a line, sorted, unique', () => {
    expect(imageList(inventory.images)).toBe(
      `docker.io/library/busybox:latest\nquay.io/team/app:1.0@${digest}\n`,
    )
  })

  it('table: one row per image and workload', () => {
    const table = imagesTable(inventory.images, ['07-platform']).split('\n')
    expect(table[0]).toMatch(/^LAYER\s+CHART\s+COMPONENT\s+IMAGE$/)
    expect(table[1]).toMatch(
      /^07-platform\s+app@1\.0\.0\s+Deployment\/app \(app\)\s+quay\.io\/team\/app:1\.0@sha256:f+$/,
    )
    expect(table[2]).toMatch(/Deployment\/app \(init, sidecar\)\s+docker\.io\/library\/busybox:latest$/)
  })

  it('package URLs: Docker Hub without a repository_url, a digest as the version with the tag as a qualifier', () => {
    expect(imagePurl(normalizeImage('busybox')!)).toBe('pkg:docker/library/busybox@latest')
    expect(imagePurl(normalizeImage(`quay.io/team/app:1.0@${digest}`)!)).toBe(
      `pkg:docker/team/app@sha256%3A${'f'.repeat(64)}?repository_url=quay.io&tag=1.0`,
    )
  })

  it('CycloneDX: a valid 1.6 document with the stack, its charts, its images and their dependencies', async () => {
    const text = await cycloneDxSbom({
      stack: {name: 'prod'},
      tool: {name: 'prodstack', version: '0.0.0-test'},
      charts: [
        {
          layer: '07-platform',
          alias: 'app',
          chart: 'app',
          version: '1.0.0',
          repository: 'https://charts.example',
          release: 's-07-platform',
          namespace: 'platform',
        },
      ],
      images: inventory.images,
      timestamp: new Date('2026-01-02T03:04:05Z'),
      serialNumber: 'urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79',
    })
    const {Validation, Spec} = await import('@cyclonedx/cyclonedx-library')
    expect(await new Validation.JsonStrictValidator(Spec.Version.v1dot6).validate(text)).toBeNull()
    const bom = JSON.parse(text)
    expect(bom).toMatchObject({
      bomFormat: 'CycloneDX',
      specVersion: '1.6',
      serialNumber: 'urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79',
    })
    expect(bom.metadata.timestamp).toBe('2026-01-02T03:04:05.000Z')
    const app = bom.components.find(
      (component: {'bom-ref': string}) => component['bom-ref'] === `image:quay.io/team/app:1.0@${digest}`,
    )
    expect(app).toMatchObject({
      type: 'container',
      name: 'quay.io/team/app',
      version: '1.0',
      hashes: [{alg: 'SHA-256', content: 'f'.repeat(64)}],
    })
    expect(bom.dependencies).toEqual(
      expect.arrayContaining([
        {ref: 'stack:prod', dependsOn: ['chart:07-platform/app']},
        {
          ref: 'chart:07-platform/app',
          dependsOn: ['image:docker.io/library/busybox:latest', `image:quay.io/team/app:1.0@${digest}`],
        },
      ]),
    )
  })
})
