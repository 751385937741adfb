import {CATEGORIES} from './categories.js'
import {CLUSTER_FLAVOURS} from './clusters.js'
import {alloy} from './components/alloy.js'
import {calico} from './components/calico.js'
import {certManager} from './components/cert-manager.js'
import {cilium} from './components/cilium.js'
import {elasticsearch} from './components/elasticsearch.js'
import {externalDns} from './components/external-dns.js'
import {flannel} from './components/flannel.js'
import {fluentBit} from './components/fluent-bit.js'
import {fluentd} from './components/fluentd.js'
import {grafana} from './components/grafana.js'
import {ingressNginx} from './components/ingress-nginx.js'
import {istio} from './components/istio.js'
import {istioAmbient} from './components/istio-ambient.js'
import {kibana} from './components/kibana.js'
import {kubePrometheusStack} from './components/kube-prometheus-stack.js'
import {linkerd} from './components/linkerd.js'
import {loki} from './components/loki.js'
import {metricsServer} from './components/metrics-server.js'
import {nginxIngress} from './components/nginx-ingress.js'
import {opensearch} from './components/opensearch.js'
import {opensearchDashboards} from './components/opensearch-dashboards.js'
import {opentelemetryCollector} from './components/opentelemetry-collector.js'
import {prometheus} from './components/prometheus.js'
import {traefik} from './components/traefik.js'
import {trustManager} from './components/trust-manager.js'
import {weaveNet} from './components/weave-net.js'
import {DEFAULT_PRESET, PRESETS} from './presets.js'
import type {
  CategoryChoice,
  CategorySpec,
  ChartSpec,
  ClusterFlavourSpec,
  Component,
  PresetSpec,
} from './types.js'

/** Everything prodstack can install, and the data the answers, flags and questions are made from. */
export interface Catalog {
  categories: readonly CategorySpec[]
  clusters: readonly ClusterFlavourSpec[]
  presets: readonly PresetSpec[]
  defaultPreset: string
  components: readonly Component[]
}

/** Every component; adding one means adding its module and one line here. */
export const CATALOG: Catalog = {
  categories: CATEGORIES,
  clusters: CLUSTER_FLAVOURS,
  presets: PRESETS,
  defaultPreset: DEFAULT_PRESET,
  components: [
    calico,
    cilium,
    flannel,
    weaveNet,
    traefik,
    ingressNginx,
    nginxIngress,
    istio,
    istioAmbient,
    linkerd,
    kubePrometheusStack,
    prometheus,
    metricsServer,
    fluentBit,
    fluentd,
    alloy,
    opentelemetryCollector,
    elasticsearch,
    opensearch,
    loki,
    grafana,
    kibana,
    opensearchDashboards,
    certManager,
    trustManager,
    externalDns,
  ],
}

export function findComponent(catalog: Catalog, id: string): Component | undefined {
  return catalog.components.find((component) => component.id === id)
}

export function allCharts(catalog: Catalog): Array<{component: Component; chart: ChartSpec}> {
  return catalog.components.flatMap((component) => component.charts.map((chart) => ({component, chart})))
}

/** The category's question, when it has one. */
export function choiceOf(catalog: Catalog, category: string): CategoryChoice | undefined {
  return catalog.categories.find((spec) => spec.id === category)?.choice
}

/** The components a category's question offers (those without an answer of their own), in catalog order. */
export function choicesOf(catalog: Catalog, category: string): Component[] {
  return catalog.components.filter((component) => component.category === category && !component.chosenBy)
}

/** Is the component chosen by these answers, as its category's choice or by its own answer? */
export function isChosen(catalog: Catalog, component: Component, answers: Record<string, unknown>): boolean {
  if (component.chosenBy) return component.chosenBy(answers as never)
  const choice = choiceOf(catalog, component.category)
  if (!choice) return false
  const value = answers[choice.key]
  return choice.multiple ? Array.isArray(value) && value.includes(component.id) : value === component.id
}

/** The flag that chooses a component: its category's, or the first answer it owns. */
export function flagOf(catalog: Catalog, component: Component): string {
  const own = component.chosenByAnswer
    ? catalog.components
        .flatMap((owner) => owner.answers ?? [])
        .find((answer) => answer.key === component.chosenByAnswer)
    : component.answers?.[0]
  if (component.chosenBy && own) return `--${own.flag}`
  const choice = choiceOf(catalog, component.category)
  return choice ? `--${choice.flag}` : `--${component.id}`
}

export function clusterOf(catalog: Catalog, id: string): ClusterFlavourSpec {
  const flavour = catalog.clusters.find((spec) => spec.id === id)
  if (!flavour) throw new Error(`unknown cluster flavour ${id}`)
  return flavour
}

export function presetOf(catalog: Catalog, name: string | undefined): PresetSpec {
  const preset = catalog.presets.find((spec) => spec.name === (name ?? catalog.defaultPreset))
  if (!preset) throw new Error(`unknown preset ${name}`)
  return preset
}

/**
 * Plan order, independent of the order of the catalog's list: by category (the category table's
 * order), then by id. So the same answers give the same plan however the modules are listed.
 */
export function componentOrder(catalog: Catalog): (a: Component, b: Component) => number {
  const rank = new Map(catalog.categories.map((category, index) => [category.id, index]))
  return (a, b) =>
    (rank.get(a.category) ?? rank.size) - (rank.get(b.category) ?? rank.size) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
}
