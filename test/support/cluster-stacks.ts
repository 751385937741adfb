import type {InstallPath, StackCase} from './stack-runs.js'

/**
 * The stacks the cluster suite installs (test/cluster/stacks.test.ts). Together they hold every
 * choice of every category, and every pair of choices within the categories that wire to each other
 * (test/support/pairwise.ts; test/unit/cluster-coverage.test.ts checks both).
 */
export const STACKS: StackCase[] = [
  {id: 'minimal', args: flags('--preset minimal')},
  {id: 'standard', args: flags('--preset standard')},
  {id: 'full', args: flags('--preset full --domain example.com --dns-provider cloudflare')},
  {
    // The README's own example, with ingress-nginx (retired, so --allow-retired) and Prometheus: Calico,
    // Linkerd, Fluentd to OpenSearch.
    id: 'linkerd',
    args: flags(
      '--preset standard --cni calico --mesh linkerd --ingress ingress-nginx --allow-retired --metrics prometheus ' +
        '--logging fluentd --log-store opensearch --dashboards grafana,opensearch-dashboards',
    ),
  },
  {
    id: 'flannel-nginx',
    args: flags(
      '--preset minimal --cni flannel --ingress nginx-ingress --metrics kube-prometheus-stack ' +
        '--logging fluent-bit --log-store opensearch --dashboards opensearch-dashboards',
    ),
  },
  {id: 'weave-single', args: flags('--preset minimal --cni weave-net --layout single')},
  {id: 'standard-single', args: flags('--preset standard --layout single --metrics prometheus')},
  // The pairwise set: one stack per CNI × mesh pair the stacks above leave out, each also taking
  // metrics × log agent × log store × dashboards and ingress × domain pairs still missing.
  {
    id: 'calico-istio',
    args: flags(
      '--preset minimal --cni calico --mesh istio --ingress ingress-nginx --allow-retired --domain example.com ' +
        '--metrics kube-prometheus-stack --logging fluentd --log-store elasticsearch',
    ),
  },
  {
    id: 'calico-loki',
    args: flags(
      '--preset minimal --cni calico --ingress nginx-ingress --domain example.com ' +
        '--metrics kube-prometheus-stack --log-store loki',
    ),
  },
  {
    id: 'cilium-linkerd',
    args: flags(
      '--preset minimal --cni cilium --mesh linkerd --ingress none --metrics prometheus ' +
        '--log-store elasticsearch --dashboards kibana',
    ),
  },
  {id: 'flannel-istio', args: flags('--preset minimal --cni flannel --mesh istio --metrics prometheus')},
  {
    id: 'flannel-linkerd',
    args: flags('--preset minimal --cni flannel --mesh linkerd --logging fluent-bit --log-store opensearch'),
  },
  {
    // Istio's sidecar data plane; the other Istio stacks run the default, ambient.
    id: 'weave-istio',
    args: flags(
      '--preset minimal --cni weave-net --mesh istio --istio-mode sidecar --logging fluentd --log-store loki ' +
        '--dashboards grafana',
    ),
  },
  {
    id: 'weave-linkerd',
    args: flags(
      '--preset minimal --cni weave-net --mesh linkerd --log-store elasticsearch --dashboards kibana',
    ),
  },
  {
    id: 'no-cni-istio',
    args: flags(
      '--preset minimal --cni none --mesh istio --log-store opensearch --dashboards opensearch-dashboards',
    ),
  },
  {
    id: 'no-cni-linkerd',
    args: flags(
      '--preset minimal --cni none --mesh linkerd --metrics kube-prometheus-stack --dashboards grafana',
    ),
  },
  {
    id: 'no-cni-fluentd',
    args: flags(
      '--preset minimal --cni none --logging fluentd --log-store elasticsearch --dashboards kibana',
    ),
  },
  // The log agents added with Alloy and the OpenTelemetry Collector, each against every store it
  // ships to and every metrics choice that scrapes it.
  {
    id: 'alloy-kps',
    args: flags(
      '--preset minimal --metrics kube-prometheus-stack --logging alloy --log-store loki --dashboards grafana',
    ),
  },
  {
    id: 'alloy-prometheus',
    args: flags('--preset minimal --metrics prometheus --logging alloy --log-store loki'),
  },
  {id: 'alloy-unscraped', args: flags('--preset minimal --cni calico --logging alloy --log-store loki')},
  {
    id: 'otel-elasticsearch',
    args: flags(
      '--preset minimal --metrics kube-prometheus-stack --logging opentelemetry-collector ' +
        '--log-store elasticsearch --dashboards grafana,kibana',
    ),
  },
  {
    id: 'otel-opensearch',
    args: flags(
      '--preset minimal --cni flannel --metrics prometheus --logging opentelemetry-collector ' +
        '--log-store opensearch --dashboards opensearch-dashboards',
    ),
  },
  {
    id: 'otel-loki',
    args: flags('--preset minimal --logging opentelemetry-collector --log-store loki'),
  },
]

function flags(line: string): string[] {
  return line.split(' ').filter(Boolean)
}

/**
 * The runs. Every stack goes by the README's steps or by `helmfile sync` (the single layout has no
 * helmfile.yaml), the presets and the Linkerd stack by both, and the Helm majors alternate so that
 * each path meets both. Together the stacks choose every choice of every category, external-dns
 * and trust-manager, with and without cert-manager, in both layouts, and every possible pair within
 * CNI × mesh, ingress × domain and metrics × log agent × log store × dashboards. The runs go in two
 * lanes that run side by side (each run on its own control plane), balanced by measured time.
 */
export interface StackRun {
  stack: string
  path: InstallPath
  helm: 3 | 4
  lane: 1 | 2
}

export const RUNS: StackRun[] = [
  {stack: 'full', path: 'readme', helm: 3, lane: 1},
  {stack: 'linkerd', path: 'readme', helm: 4, lane: 1},
  {stack: 'minimal', path: 'readme', helm: 3, lane: 1},
  {stack: 'minimal', path: 'helmfile', helm: 4, lane: 1},
  {stack: 'linkerd', path: 'helmfile', helm: 3, lane: 1},
  {stack: 'standard-single', path: 'readme', helm: 3, lane: 1},
  {stack: 'standard', path: 'readme', helm: 4, lane: 2},
  {stack: 'flannel-nginx', path: 'readme', helm: 3, lane: 2},
  {stack: 'weave-single', path: 'readme', helm: 4, lane: 2},
  {stack: 'standard', path: 'helmfile', helm: 3, lane: 2},
  {stack: 'full', path: 'helmfile', helm: 4, lane: 2},
  // The pairwise set, once each: paths and Helm majors alternate, so each meets both.
  {stack: 'calico-istio', path: 'readme', helm: 4, lane: 1},
  {stack: 'cilium-linkerd', path: 'helmfile', helm: 3, lane: 1},
  {stack: 'flannel-linkerd', path: 'readme', helm: 3, lane: 1},
  {stack: 'weave-linkerd', path: 'helmfile', helm: 4, lane: 1},
  {stack: 'no-cni-fluentd', path: 'readme', helm: 4, lane: 1},
  {stack: 'calico-loki', path: 'helmfile', helm: 4, lane: 2},
  {stack: 'flannel-istio', path: 'helmfile', helm: 3, lane: 2},
  {stack: 'weave-istio', path: 'readme', helm: 3, lane: 2},
  {stack: 'no-cni-istio', path: 'helmfile', helm: 4, lane: 2},
  {stack: 'no-cni-linkerd', path: 'readme', helm: 3, lane: 2},
  // The log agents: each under both Helm majors.
  {stack: 'alloy-kps', path: 'readme', helm: 3, lane: 1},
  {stack: 'alloy-prometheus', path: 'helmfile', helm: 4, lane: 2},
  {stack: 'alloy-unscraped', path: 'readme', helm: 4, lane: 1},
  {stack: 'otel-elasticsearch', path: 'helmfile', helm: 4, lane: 2},
  {stack: 'otel-opensearch', path: 'readme', helm: 3, lane: 1},
  {stack: 'otel-loki', path: 'helmfile', helm: 3, lane: 2},
]
