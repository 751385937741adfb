/**
 * Images that no rendered pod spec names, because an operator, a controller or a mesh starts them
 * from the stack's configuration. Each is derived from what the stack renders (the operator's
 * arguments and configuration, the custom resources' versions), never from a list kept here; where
 * an operator builds the name itself, the rule it follows is written out below with its source.
 */
import {parse} from 'yaml'
import type {Problem} from '../errors.js'
import {type Found, type Located, layerName, nameOf, useAt} from './use.js'
import {at, containersOf, isMap, podTemplateOf} from './workloads.js'

type Obj = Record<string, unknown>

const str = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== ''
    ? value.trim()
    : typeof value === 'number'
      ? String(value)
      : undefined

const groupOf = (object: Obj): string => {
  const apiVersion = typeof object.apiVersion === 'string' ? object.apiVersion : ''
  return apiVersion.includes('/') ? apiVersion.split('/')[0]! : ''
}

const isKind = (object: Obj, group: string, kind: string) => object.kind === kind && groupOf(object) === group

export interface OperatorImages {
  found: Found[]
  problems: Problem[]
  /** The proxy image Istio's injector puts into pods, for pod specs that say `image: auto`. */
  istioProxy?: {image: string; startedBy: string; from: string}
}

/** Every image operators, controllers and meshes of the stack start. */
export function operatorImages(all: Located[]): OperatorImages {
  const found: Found[] = []
  const problems: Problem[] = []
  const istio = istioInjection(all)
  for (const rule of [prometheusOperator, certManagerSolver, linkerdInjection, eckStack, calicoOperator]) {
    const result = rule(all)
    found.push(...result.found)
    problems.push(...result.problems)
  }
  found.push(...istio.found)
  problems.push(...istio.problems)
  return {found, problems, ...(istio.proxy ? {istioProxy: istio.proxy} : {})}
}

interface RuleResult {
  found: Found[]
  problems: Problem[]
}

/** The command-line flags of a container: `--name=value` and `--name value`. */
function flagsOf(container: Obj): Map<string, string> {
  const flags = new Map<string, string>()
  const words = [container.command, container.args].flatMap((list) =>
    Array.isArray(list) ? list.filter((word): word is string => typeof word === 'string') : [],
  )
  for (const [index, word] of words.entries()) {
    const match = /^--?([A-Za-z0-9][\w.-]*)(?:=(.*))?$/.exec(word)
    if (!match) continue
    const next = words[index + 1]
    flags.set(match[1]!, match[2] ?? (next && !next.startsWith('-') ? next : ''))
  }
  return flags
}

/** Containers of every workload, with their flags. */
function workloadContainers(
  all: Located[],
): Array<{at: Located; container: Obj; flags: Map<string, string>}> {
  const found: Array<{at: Located; container: Obj; flags: Map<string, string>}> = []
  for (const located of all) {
    const template = podTemplateOf(located.item.object)
    if (!template) continue
    for (const list of ['initContainers', 'containers'] as const) {
      const containers = template.spec[list]
      if (!Array.isArray(containers)) continue
      for (const container of containers)
        if (isMap(container)) found.push({at: located, container, flags: flagsOf(container)})
    }
  }
  return found
}

/** Images of containers a custom resource adds to the pods its operator creates (`spec.containers`…). */
function extraContainers(at: Located, spec: unknown, startedBy: string, from: string): Found[] {
  if (!isMap(spec)) return []
  return containersOf(spec)
    .filter((container) => container.image)
    .map((container) => ({
      raw: container.image!,
      use: useAt(at, {
        workload: nameOf(at.item.object),
        container: container.name,
        origin: 'operator',
        startedBy,
        from: `${from}.${container.list}[${container.name}].image`,
      }),
    }))
}

// -- Prometheus Operator (kube-prometheus-stack) ------------------------------------------------

/**
 * The Prometheus Operator runs each Prometheus, PrometheusAgent, Alertmanager and ThanosRuler
 * resource as a StatefulSet: the server image is `spec.image`, else the operator's default base image
 * with `spec.sha`, `spec.tag` or `spec.version`; every such pod also gets the config reloader the
 * operator's `--prometheus-config-reloader` names (as `config-reloader` and `init-config-reloader`),
 * and a Prometheus with `spec.thanos` a Thanos sidecar.
 */
function prometheusOperator(all: Located[]): RuleResult {
  const found: Found[] = []
  const problems: Problem[] = []
  const operator = workloadContainers(all).find(({flags}) => flags.has('prometheus-config-reloader'))
  const flags = operator?.flags ?? new Map<string, string>()
  const operatorName = operator ? nameOf(operator.at.item.object) : 'the Prometheus Operator'
  const reloader = str(flags.get('prometheus-config-reloader'))
  const kinds: Record<string, {base?: string; flag: string; container: string}> = {
    Prometheus: {
      base: str(flags.get('prometheus-default-base-image')),
      flag: 'prometheus-default-base-image',
      container: 'prometheus',
    },
    PrometheusAgent: {
      base: str(flags.get('prometheus-default-base-image')),
      flag: 'prometheus-default-base-image',
      container: 'prometheus',
    },
    Alertmanager: {
      base: str(flags.get('alertmanager-default-base-image')),
      flag: 'alertmanager-default-base-image',
      container: 'alertmanager',
    },
    ThanosRuler: {
      base: str(flags.get('thanos-default-base-image')),
      flag: 'thanos-default-base-image',
      container: 'thanos-ruler',
    },
  }
  for (const located of all) {
    const object = located.item.object
    const kind = typeof object.kind === 'string' ? kinds[object.kind] : undefined
    if (!kind || groupOf(object) !== 'monitoring.coreos.com') continue
    const spec = isMap(object.spec) ? object.spec : {}
    const workload = nameOf(object)
    const emit = (raw: string, container: string, from: string) =>
      found.push({
        raw,
        use: useAt(located, {workload, container, origin: 'operator', startedBy: operatorName, from}),
      })
    const server = imageFromSpec(spec, kind.base)
    if (server) emit(server.image, kind.container, server.from)
    else
      problems.push({
        source: `${layerName(located.layer)}: ${workload}`,
        message: `names no image and no version, and ${operatorName} sets no --${kind.flag}: the image is the operator's built-in default`,
        hint: `set spec.image (or spec.version) so the image to mirror is known`,
      })
    if (reloader)
      emit(reloader, 'config-reloader, init-config-reloader', `${operatorName} --prometheus-config-reloader`)
    else
      problems.push({
        source: `${layerName(located.layer)}: ${workload}`,
        message:
          'gets a config reloader from the Prometheus Operator, but the stack renders no operator that names it',
        hint: 'the operator adds its built-in config-reloader image: mirror the one matching its version',
      })
    if (object.kind === 'Prometheus' && isMap(spec.thanos)) {
      const sidecar = imageFromSpec(spec.thanos, str(flags.get('thanos-default-base-image')))
      if (sidecar) emit(sidecar.image, 'thanos-sidecar', `spec.thanos: ${sidecar.from}`)
    }
    found.push(...extraContainers(located, spec, operatorName, 'spec'))
  }
  return {found, problems}
}

/** The Prometheus Operator's image choice for a resource: spec.image, else base with sha, tag or version. */
function imageFromSpec(
  spec: Obj,
  defaultBase: string | undefined,
): {image: string; from: string} | undefined {
  const image = str(spec.image)
  if (image) return {image, from: 'spec.image'}
  const base = str(spec.baseImage) ?? defaultBase
  if (!base) return undefined
  const sha = str(spec.sha)
  if (sha) return {image: `${withoutTag(base)}@sha256:${sha}`, from: 'base image and spec.sha'}
  const tag = str(spec.tag) ?? str(spec.version)
  if (tag) return {image: `${withoutTag(base)}:${tag}`, from: 'base image and spec.version'}
  // kube-prometheus-stack passes a base image with its tag for Thanos.
  return hasTag(base) ? {image: base, from: 'the default base image'} : undefined
}

const hasTag = (image: string) => image.lastIndexOf(':') > image.lastIndexOf('/')
const withoutTag = (image: string) => (hasTag(image) ? image.slice(0, image.lastIndexOf(':')) : image)

// -- cert-manager ---------------------------------------------------------------------------------

/** cert-manager starts a solver pod per ACME HTTP-01 challenge, with the image its controller's flag names. */
function certManagerSolver(all: Located[]): RuleResult {
  const found: Found[] = []
  for (const {at: located, flags} of workloadContainers(all)) {
    const image = str(flags.get('acme-http01-solver-image'))
    if (!image) continue
    found.push({
      raw: image,
      use: useAt(located, {
        workload: 'ACME HTTP-01 solver pods',
        container: 'acmesolver',
        origin: 'operator',
        startedBy: nameOf(located.item.object),
        from: `${nameOf(located.item.object)} --acme-http01-solver-image`,
      }),
    })
  }
  return {found, problems: []}
}

// -- Istio ----------------------------------------------------------------------------------------

/**
 * istiod's sidecar injector adds `istio-proxy` and an init container (`istio-init`, or
 * `istio-validation` with the Istio CNI) to meshed pods and fills in gateways whose image is `auto`.
 * Its ConfigMap holds the values it injects with: the image is `global.proxy.image` when that is a
 * full reference, else `<global.hub>/<image>:<global.tag>[-<global.variant>]` (Istio's ProxyImage).
 */
function istioInjection(
  all: Located[],
): RuleResult & {proxy?: {image: string; startedBy: string; from: string}} {
  const found: Found[] = []
  const problems: Problem[] = []
  let proxy: {image: string; startedBy: string; from: string} | undefined
  for (const located of all) {
    const object = located.item.object
    if (object.kind !== 'ConfigMap' || groupOf(object) !== '') continue
    const name = nameOf(object)
    if (!/^ConfigMap\/istio-sidecar-injector/.test(name)) continue
    const raw = str(at(object, 'data', 'values'))
    let values: Obj
    try {
      values = raw ? JSON.parse(raw) : {}
    } catch {
      problems.push({
        source: `${layerName(located.layer)}: ${name}`,
        message: 'holds values that are not JSON',
        hint: 'the injected proxy image is not listed',
      })
      continue
    }
    const global = isMap(values.global) ? values.global : {}
    const imageOf = (image: string | undefined) => {
      if (!image) return undefined
      if (image.includes('/')) return image
      const hub = str(global.hub)
      const tag = str(global.tag)
      if (!hub || !tag) return undefined
      const variant = str(global.variant)
      return `${hub}/${image}:${tag}${variant && variant !== 'default' ? `-${variant}` : ''}`
    }
    const from = `${name} values (global.hub, global.tag, global.proxy.image)`
    const sidecar = imageOf(str(at(global, 'proxy', 'image')))
    const init = imageOf(str(at(global, 'proxy_init', 'image'))) ?? sidecar
    if (!sidecar) {
      problems.push({
        source: `${layerName(located.layer)}: ${name}`,
        message: 'does not say which proxy image istiod injects (global.proxy.image, global.hub, global.tag)',
        hint: 'the istio-proxy image is not listed',
      })
      continue
    }
    const cni = at(values, 'pilot', 'cni', 'enabled') === true || at(values, 'istio_cni', 'enabled') === true
    const startedBy = 'istiod (sidecar injection)'
    found.push({
      raw: sidecar,
      use: useAt(located, {
        workload: 'meshed pods',
        container: 'istio-proxy',
        origin: 'injected',
        startedBy,
        from,
      }),
    })
    if (init)
      found.push({
        raw: cni ? sidecar : init,
        use: useAt(located, {
          workload: 'meshed pods',
          container: cni ? 'istio-validation' : 'istio-init',
          origin: 'injected',
          startedBy,
          from: cni ? from : `${name} values (global.hub, global.tag, global.proxy_init.image)`,
        }),
      })
    proxy ??= {image: sidecar, startedBy, from}
  }
  return {found, problems, ...(proxy ? {proxy} : {})}
}

// -- Linkerd --------------------------------------------------------------------------------------

/**
 * Linkerd's proxy injector adds `linkerd-proxy` (and `linkerd-init`, or `linkerd-network-validator`
 * with the Linkerd CNI, from the same image in current releases) to meshed pods, with the values the
 * `linkerd-config` ConfigMap holds: `proxy.image.name`:`proxy.image.version` (default
 * `linkerdVersion`), and `proxyInit.image` where a release still has a separate init image. The
 * debug sidecar is added only to pods that ask for it, and is not listed.
 */
function linkerdInjection(all: Located[]): RuleResult {
  const found: Found[] = []
  const problems: Problem[] = []
  for (const located of all) {
    const object = located.item.object
    if (object.kind !== 'ConfigMap' || nameOf(object) !== 'ConfigMap/linkerd-config') continue
    let values: Obj
    try {
      values = (parse(str(at(object, 'data', 'values')) ?? '{}', {uniqueKeys: false}) ?? {}) as Obj
    } catch {
      problems.push({
        source: `${layerName(located.layer)}: ConfigMap/linkerd-config`,
        message: 'holds values that are not YAML',
        hint: 'the injected proxy image is not listed',
      })
      continue
    }
    const version = str(values.linkerdVersion)
    const imageOf = (key: string) => {
      const name = str(at(values, key, 'image', 'name'))
      const tag = str(at(values, key, 'image', 'version')) ?? version
      return name && tag ? `${name}:${tag}` : undefined
    }
    const proxy = imageOf('proxy')
    const from = 'ConfigMap/linkerd-config values (proxy.image, linkerdVersion)'
    const startedBy = 'linkerd-proxy-injector'
    if (!proxy) {
      problems.push({
        source: `${layerName(located.layer)}: ConfigMap/linkerd-config`,
        message: 'does not say which proxy image Linkerd injects (proxy.image.name, linkerdVersion)',
        hint: 'the linkerd-proxy image is not listed',
      })
      continue
    }
    const init = imageOf('proxyInit')
    const initName = values.cniEnabled === true ? 'linkerd-network-validator' : 'linkerd-init'
    found.push({
      raw: proxy,
      use: useAt(located, {
        workload: 'meshed pods',
        container: init ? 'linkerd-proxy' : `linkerd-proxy, ${initName}`,
        origin: 'injected',
        startedBy,
        from,
      }),
    })
    if (init)
      found.push({
        raw: init,
        use: useAt(located, {
          workload: 'meshed pods',
          container: initName,
          origin: 'injected',
          startedBy,
          from: 'ConfigMap/linkerd-config values (proxyInit.image)',
        }),
      })
  }
  return {found, problems}
}

// -- ECK (Elastic Cloud on Kubernetes) ------------------------------------------------------------

/** The Elastic Stack resources ECK runs, with the image path ECK uses for each (container.go). */
const ECK_KINDS: Record<
  string,
  {group: string; image: (spec: Obj) => string | undefined; podTemplates: string[][]}
> = {
  Elasticsearch: {
    group: 'elasticsearch.k8s.elastic.co',
    image: () => 'elasticsearch/elasticsearch',
    podTemplates: [],
  },
  Kibana: {group: 'kibana.k8s.elastic.co', image: () => 'kibana/kibana', podTemplates: [['podTemplate']]},
  ApmServer: {group: 'apm.k8s.elastic.co', image: () => 'apm/apm-server', podTemplates: [['podTemplate']]},
  EnterpriseSearch: {
    group: 'enterprisesearch.k8s.elastic.co',
    image: () => 'enterprise-search/enterprise-search',
    podTemplates: [['podTemplate']],
  },
  Logstash: {
    group: 'logstash.k8s.elastic.co',
    image: () => 'logstash/logstash',
    podTemplates: [['podTemplate']],
  },
  ElasticMapsServer: {
    group: 'maps.k8s.elastic.co',
    image: () => 'elastic-maps-service/elastic-maps-server',
    podTemplates: [['podTemplate']],
  },
  Agent: {
    group: 'agent.k8s.elastic.co',
    image: () => 'beats/elastic-agent',
    podTemplates: [
      ['daemonSet', 'podTemplate'],
      ['deployment', 'podTemplate'],
      ['statefulSet', 'podTemplate'],
    ],
  },
  Beat: {
    group: 'beat.k8s.elastic.co',
    image: (spec) => (str(spec.type) ? `beats/${str(spec.type)}` : undefined),
    podTemplates: [
      ['daemonSet', 'podTemplate'],
      ['deployment', 'podTemplate'],
    ],
  },
}

interface EckConfig {
  registry: string
  repository?: string
  suffix: string
  ubiOnly: boolean
  from: string
  operator?: string
}

/**
 * ECK's image for a resource without `spec.image` (pkg/controller/common/container/container.go):
 * `<container-registry>/<image>[suffix]:<version>`, where `container-repository` replaces the image's
 * first path element, `ubi-only` adds `-ubi` (`-ubi8` before 7.17.16 and 8.12.0; none from 9.0, whose
 * images are UBI-based) and `container-suffix` is appended otherwise.
 */
export function eckImage(
  image: string,
  version: string,
  config: Pick<EckConfig, 'registry' | 'repository' | 'suffix' | 'ubiOnly'>,
): string {
  const name = image.split('/').at(-1)!
  const path = config.repository ? `${config.repository}/${name}` : image
  const [major = 0, minor = 0, patch = 0] = version
    .split(/[.-]/)
    .map((part) => Number.parseInt(part, 10) || 0)
  const before = (a: number, b: number, c: number) =>
    major < a || (major === a && (minor < b || (minor === b && patch < c)))
  const ubiSuffix = (major === 7 && before(7, 17, 16)) || (major === 8 && before(8, 12, 0)) ? '-ubi8' : '-ubi'
  const ubi = config.ubiOnly || config.suffix === '-ubi'
  const olderMaps = image === 'elastic-maps-service/elastic-maps-server' && before(8, 16, 0)
  let suffix = ubi || olderMaps ? ubiSuffix : ''
  if (ubi && major >= 9) suffix = ''
  if (!ubi) suffix += config.suffix
  return `${config.registry}/${path}${suffix}:${version}`
}

function eckConfig(all: Located[]): EckConfig | undefined {
  for (const located of all) {
    const object = located.item.object
    const text = object.kind === 'ConfigMap' ? str(at(object, 'data', 'eck.yaml')) : undefined
    if (!text) continue
    let config: Obj
    try {
      config = (parse(text, {uniqueKeys: false}) ?? {}) as Obj
    } catch {
      continue
    }
    const operator = all.find(
      (other) =>
        other.layer === located.layer &&
        other.item.source?.split('/templates/')[0] === located.item.source?.split('/templates/')[0] &&
        podTemplateOf(other.item.object),
    )
    return {
      registry: str(config['container-registry']) ?? 'docker.elastic.co',
      ...(str(config['container-repository']) ? {repository: str(config['container-repository'])} : {}),
      suffix: str(config['container-suffix']) ?? '',
      ubiOnly: config['ubi-only'] === true,
      from: `${nameOf(object)} eck.yaml (container-registry)`,
      ...(operator ? {operator: nameOf(operator.item.object)} : {}),
    }
  }
  return undefined
}

function eckStack(all: Located[]): RuleResult {
  const found: Found[] = []
  const problems: Problem[] = []
  let config: EckConfig | undefined | null = null
  for (const located of all) {
    const object = located.item.object
    const kind = typeof object.kind === 'string' ? ECK_KINDS[object.kind] : undefined
    if (!kind || groupOf(object) !== kind.group) continue
    if (config === null) config = eckConfig(all)
    const settings = config ?? {
      registry: 'docker.elastic.co',
      suffix: '',
      ubiOnly: false,
      from: "ECK's default registry",
    }
    const spec = isMap(object.spec) ? object.spec : {}
    const workload = nameOf(object)
    const startedBy = settings.operator ?? 'the ECK operator'
    const image = str(spec.image)
    const version = str(spec.version)
    const path = kind.image(spec)
    if (!config && !image)
      problems.push({
        source: `${layerName(located.layer)}: ${workload}`,
        message:
          "is run by ECK, but the stack renders no ECK operator configuration: assumed ECK's default registry docker.elastic.co",
        hint: 'install the ECK operator from this stack, or set spec.image',
      })
    const main =
      object.kind === 'Beat' || object.kind === 'Agent' ? 'agent' : object.kind!.toString().toLowerCase()
    if (image)
      found.push({
        raw: image,
        use: useAt(located, {workload, container: main, origin: 'operator', startedBy, from: 'spec.image'}),
      })
    else if (version && path)
      found.push({
        raw: eckImage(path, version, settings),
        use: useAt(located, {
          workload,
          container: main,
          origin: 'operator',
          startedBy,
          from: `${settings.from} and spec.version`,
        }),
      })
    else
      problems.push({
        source: `${layerName(located.layer)}: ${workload}`,
        message:
          'names neither spec.image nor spec.version (and spec.type for a Beat), so its image is unknown',
        hint: 'set spec.version',
      })
    const templates =
      object.kind === 'Elasticsearch' && Array.isArray(spec.nodeSets)
        ? spec.nodeSets.map((nodeSet, index) => ({
            spec: at(nodeSet, 'podTemplate', 'spec'),
            from: `spec.nodeSets[${index}].podTemplate.spec`,
          }))
        : kind.podTemplates.map((path) => ({
            spec: at(spec, ...path, 'spec'),
            from: `spec.${path.join('.')}.spec`,
          }))
    for (const template of templates)
      found.push(...extraContainers(located, template.spec, startedBy, template.from))
  }
  return {found, problems}
}

// -- Calico (Tigera operator) ---------------------------------------------------------------------

/**
 * The Tigera operator runs Calico from the Installation resource, with images built into the
 * operator for its Calico release; the tigera-operator chart is versioned with that release (chart
 * v3.32.1 runs operator v1.42.3, which starts Calico v3.32.1). The operator's rules
 * (pkg/components/references.go, pkg/render): `<registry>/<imagePath>/<imagePrefix><name>:<release>`
 * with registry `quay.io/` and path `calico/` by default, a digest instead of the tag when an
 * ImageSet `calico-<release>` lists one; calico-node with the CNI plugin and (unless flexVolumePath
 * is None) the flexvol driver, Typha, kube-controllers, the CSI driver unless kubeletVolumePluginPath
 * is None, and the API server, Goldmane and Whisker when their resources exist. Windows node images
 * are started only on Windows nodes and are not listed.
 */
function calicoOperator(all: Located[]): RuleResult {
  const found: Found[] = []
  const problems: Problem[] = []
  const installation = all.find(({item}) => isKind(item.object, 'operator.tigera.io', 'Installation'))
  if (!installation) return {found, problems}
  const spec = isMap(installation.item.object.spec) ? installation.item.object.spec : {}
  const where = `${layerName(installation.layer)}: ${nameOf(installation.item.object)}`
  const variant = str(spec.variant) ?? 'Calico'
  if (variant !== 'Calico') {
    problems.push({
      source: where,
      message: `is the ${variant} variant, whose images are not listed`,
      hint: 'list them from the Tigera documentation for your release',
    })
    return {found, problems}
  }
  const use = useAt(installation, {workload: '', container: '', origin: 'operator'})
  const release = use.chart === 'tigera-operator' ? use.version : undefined
  if (!release) {
    problems.push({
      source: where,
      message:
        'comes from no tigera-operator chart of the stack, so the Calico release the operator starts is unknown',
      hint: 'install Calico with the tigera-operator chart',
    })
    return {found, problems}
  }
  const useDefault = (value: string | undefined) => (value && value !== 'UseDefault' ? value : undefined)
  const registry = useDefault(str(spec.registry)) ?? 'quay.io/'
  const imagePath = useDefault(str(spec.imagePath)) ?? 'calico/'
  const prefix = useDefault(str(spec.imagePrefix)) ?? ''
  const imageSet = all.find(
    ({item}) =>
      isKind(item.object, 'operator.tigera.io', 'ImageSet') &&
      nameOf(item.object) === `ImageSet/calico-${release}`,
  )
  const digests = new Map<string, string>()
  const listed = at(imageSet?.item.object, 'spec', 'images')
  if (Array.isArray(listed))
    for (const entry of listed)
      if (str(entry?.image) && str(entry?.digest)) digests.set(str(entry.image)!, str(entry.digest)!)
  const imageOf = (name: string) => {
    const base = [registry, imagePath, `${prefix}${name}`]
      .map((part) => part.replace(/^\/+|\/+$/g, ''))
      .filter(Boolean)
      .join('/')
    const digest = digests.get(`calico/${name}`)
    return digest ? `${base}@${digest}` : `${base}:${release}`
  }
  const from = `tigera-operator ${release} and ${nameOf(installation.item.object)}${imageSet ? ` with ${nameOf(imageSet.item.object)}` : ''}`
  const startedBy = 'the Tigera operator'
  const emit = (at: Located, workload: string, container: string, name: string) =>
    found.push({
      raw: imageOf(name),
      use: useAt(at, {workload, container, origin: 'operator', startedBy, from}),
    })
  emit(installation, 'DaemonSet/calico-node', 'calico-node', 'node')
  emit(installation, 'DaemonSet/calico-node', 'install-cni', 'cni')
  if (str(spec.flexVolumePath) !== 'None')
    emit(installation, 'DaemonSet/calico-node', 'flexvol-driver', 'pod2daemon-flexvol')
  emit(installation, 'Deployment/calico-typha', 'calico-typha', 'typha')
  emit(installation, 'Deployment/calico-kube-controllers', 'calico-kube-controllers', 'kube-controllers')
  if (str(spec.kubeletVolumePluginPath) !== 'None') {
    emit(installation, 'DaemonSet/csi-node-driver', 'calico-csi', 'csi')
    emit(installation, 'DaemonSet/csi-node-driver', 'csi-node-driver-registrar', 'node-driver-registrar')
  }
  if (isMap(spec.certificateManagement))
    emit(
      installation,
      'pods with operator-issued certificates',
      'key-cert-provisioner',
      'key-cert-provisioner',
    )
  const resource = (kind: string) => all.find(({item}) => isKind(item.object, 'operator.tigera.io', kind))
  const apiServer = resource('APIServer')
  if (apiServer) emit(apiServer, 'Deployment/calico-apiserver', 'calico-apiserver', 'apiserver')
  const goldmane = resource('Goldmane')
  if (goldmane) emit(goldmane, 'Deployment/goldmane', 'goldmane', 'goldmane')
  const whisker = resource('Whisker')
  if (whisker) {
    emit(whisker, 'Deployment/whisker', 'whisker', 'whisker')
    emit(whisker, 'Deployment/whisker', 'whisker-backend', 'whisker-backend')
  }
  return {found, problems}
}
