import {calico} from './components/calico.js'
import {certManager} from './components/cert-manager.js'
import {cilium} from './components/cilium.js'
import {elasticsearch} from './components/elasticsearch.js'
import {flannel} from './components/flannel.js'
import {fluentBit} from './components/fluent-bit.js'
import {fluentd} from './components/fluentd.js'
import {grafana} from './components/grafana.js'
import {ingressNginx} from './components/ingress-nginx.js'
import {istio} from './components/istio.js'
import {kibana} from './components/kibana.js'
import {kubePrometheusStack} from './components/kube-prometheus-stack.js'
import {linkerd} from './components/linkerd.js'
import {loki} from './components/loki.js'
import {metricsServer} from './components/metrics-server.js'
import {nginxIngress} from './components/nginx-ingress.js'
import {opensearch} from './components/opensearch.js'
import {opensearchDashboards} from './components/opensearch-dashboards.js'
import {prometheus} from './components/prometheus.js'
import {traefik} from './components/traefik.js'
import {weaveNet} from './components/weave-net.js'
import type {ChartSpec, Component} from './types.js'

export interface Catalog {
  components: readonly Component[]
}

/** Every component, in category order; adding one means adding its module and one line here. */
export const CATALOG: Catalog = {
  components: [
    calico,
    cilium,
    flannel,
    weaveNet,
    traefik,
    ingressNginx,
    nginxIngress,
    istio,
    linkerd,
    kubePrometheusStack,
    prometheus,
    metricsServer,
    fluentBit,
    fluentd,
    elasticsearch,
    opensearch,
    loki,
    grafana,
    kibana,
    opensearchDashboards,
    certManager,
  ],
}

export function findComponent(catalog: Catalog, id: string): Component | undefined {
  return catalog.components.find((component) => component.id === id)
}

export function allCharts(catalog: Catalog): Array<{component: Component; chart: ChartSpec}> {
  return catalog.components.flatMap((component) => component.charts.map((chart) => ({component, chart})))
}
