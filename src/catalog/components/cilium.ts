import {ANY_COLLECTOR, certificateAnnotations, mirrorImages, set, settingsFor} from '../settings.js'
import type {Component} from '../types.js'

export const cilium: Component = {
  id: 'cilium',
  title: 'Cilium',
  category: 'cni',
  uses: ['podCidr'],
  ui: 'hubble',
  scrapedBy: ANY_COLLECTOR,
  description:
    'eBPF pod networking with NetworkPolicy, Hubble flow visibility and optional kube-proxy replacement.',
  lifecycle: {status: 'maintained', note: 'Actively maintained CNCF graduated project.'},
  charts: [
    {
      alias: 'cilium',
      chart: 'cilium',
      version: '1.20.0',
      repository: 'https://helm.cilium.io/',
      layer: 'network',
      upstreamDir: 'cilium',
    },
  ],
  // The agent runs privileged on the host network; it installs into kube-system, which is not relabelled.
  podSecurity: 'privileged',
  // Cilium's documented modes for managed clusters: on EKS it chains onto the Amazon VPC CNI (which
  // keeps pod addresses and routing); on GKE its GKE integration takes over the nodes' networking
  // (node-init reconfigures the kubelet); on AKS it is the CNI of a cluster created without one (BYOCNI).
  fitsOnto: ['eks', 'gke', 'aks'],
  warnings(answers, _selection, cluster) {
    const warnings: string[] = []
    if (cluster.id === 'eks')
      warnings.push(
        'On EKS, Cilium chains onto the Amazon VPC CNI (cni.chainingMode aws-cni): pods keep VPC addresses ' +
          'and --pod-cidr is not used; the VPC CNI must be v1.11.2 or newer, and Cilium features that need ' +
          'its own routing (transparent encryption, egress gateway) are not available in this mode.',
      )
    if (cluster.id === 'gke')
      warnings.push(
        'On GKE, Cilium takes over pod networking through its GKE integration: --pod-cidr must be the ' +
          "cluster's pod range (clusterIpv4Cidr in gcloud container clusters describe), which the VPC routes; " +
          "node-init reconfigures each node's kubelet, restarting the pods already there; give node pools the " +
          'taint node.cilium.io/agent-not-ready=true:NoExecute so pods wait for Cilium. Clusters with ' +
          'Dataplane V2 run Cilium already: use --cni none there.',
      )
    if (cluster.id === 'aks')
      warnings.push(
        'On AKS, Cilium needs a cluster created without a CNI (az aks create --network-plugin none, ' +
          'bring-your-own CNI): Azure CNI cannot be removed from a running cluster. --pod-cidr must not overlap ' +
          'the VNet or the Service range. Clusters with Azure CNI powered by Cilium (--network-dataplane ' +
          'cilium) run it already: use --cni none there.',
      )
    if (answers.domain && answers.ingress !== 'none')
      warnings.push(
        `Hubble UI at hubble.${answers.domain} has no login of its own: restrict it at the ingress ` +
          '(an allow-list or an authentication middleware) before relying on it.',
      )
    return warnings
  },
  mirror(registry) {
    // The chart appends the operator's flavour (`-generic`) to its repository; digests stay pinned.
    return settingsFor({
      cilium: mirrorImages(registry, {
        'image.repository': 'quay.io/cilium/cilium',
        'operator.image.repository': 'quay.io/cilium/operator',
        'envoy.image.repository': 'quay.io/cilium/cilium-envoy',
        'hubble.relay.image.repository': 'quay.io/cilium/hubble-relay',
        'hubble.ui.backend.image.repository': 'quay.io/cilium/hubble-ui-backend',
        'hubble.ui.frontend.image.repository': 'quay.io/cilium/hubble-ui',
        'certgen.image.repository': 'quay.io/cilium/certgen',
        // GKE's node preparation.
        'nodeinit.image.repository': 'quay.io/cilium/startup-script',
      }),
    })
  },
  configure(ctx) {
    const {answers} = ctx
    const istio = ctx.has('istio')
    const operator = ctx.monitoring === 'operator'
    const hubbleHost = ctx.hostFor('hubble')
    const chained = ctx.cluster.id === 'eks'
    const gke = ctx.cluster.id === 'gke'
    return settingsFor({
      cilium: [
        ...(gke
          ? [
              set(
                'gke.enabled',
                true,
                "GKE integration: native routing through the VPC, with GKE's node setup.",
              ),
              set('ipam.mode', 'kubernetes', 'GKE gives each node its pod range; Cilium allocates from it.'),
              set(
                'ipv4NativeRoutingCIDR',
                answers.podCidr,
                "The cluster's pod range, which the VPC routes; traffic to it is not masqueraded.",
              ),
              set('nodeinit.enabled', true, 'Prepares each GKE node for Cilium before the agent starts.'),
              set(
                'nodeinit.reconfigureKubelet',
                true,
                'Points the kubelet at the Cilium CNI instead of the default one.',
              ),
              set(
                'nodeinit.removeCbrBridge',
                true,
                "Removes GKE's cbr0 bridge, which would keep routing pods.",
              ),
              set('cni.binPath', '/home/kubernetes/bin', 'Where GKE nodes keep CNI plugins.'),
            ]
          : []),
        ctx.cluster.id === 'aks' &&
          set(
            'aksbyocni.enabled',
            true,
            'AKS bring-your-own-CNI cluster: Cilium is its only CNI, tunnelling between nodes.',
          ),
        ...(chained
          ? [
              set(
                'cni.chainingMode',
                'aws-cni',
                'EKS: chain onto the Amazon VPC CNI, which keeps IPAM and routing.',
              ),
              set(
                'cni.exclusive',
                false,
                "The VPC CNI's own configuration must stay in place when chaining.",
              ),
              set('enableIPv4Masquerade', false, 'The VPC CNI masquerades; Cilium must not do it twice.'),
              set('routingMode', 'native', 'Pods have VPC addresses: the VPC routes them, no tunnel.'),
              set('endpointRoutes.enabled', true, 'Per-endpoint routes, as aws-cni chaining needs.'),
            ]
          : gke
            ? []
            : [
                set('ipam.mode', 'cluster-pool', 'Cilium allocates pod addresses from the pod CIDR below.'),
                set(
                  'ipam.operator.clusterPoolIPv4PodCIDRList',
                  [answers.podCidr],
                  'The stack-wide pod CIDR, so every component agrees on one range.',
                ),
              ]),
        istio &&
          !chained &&
          set('cni.exclusive', false, "Istio's CNI chains after Cilium; exclusive mode would remove it."),
        istio &&
          set(
            'socketLB.hostNamespaceOnly',
            true,
            'Required with Istio: socket load-balancing inside pods would bypass the sidecar.',
          ),
        set('hubble.relay.enabled', true, 'Hubble relay aggregates flow logs from every node.'),
        set('hubble.ui.enabled', true, 'Hubble UI shows service maps and dropped flows.'),
        hubbleHost && set('hubble.ui.ingress.enabled', true, `Serve Hubble UI at https://${hubbleHost}.`),
        hubbleHost &&
          set('hubble.ui.ingress.className', ctx.ingressClass, "Through the stack's ingress controller."),
        hubbleHost && set('hubble.ui.ingress.hosts', [hubbleHost], "Host name under the stack's domain."),
        hubbleHost &&
          set(
            'hubble.ui.ingress.annotations',
            certificateAnnotations(answers),
            'cert-manager issues the TLS certificate from this ClusterIssuer.',
          ),
        hubbleHost &&
          set(
            'hubble.ui.ingress.tls',
            [{secretName: 'hubble-tls', hosts: [hubbleHost]}],
            'TLS only: nothing is exposed without it.',
          ),
        ctx.monitoring !== 'none' &&
          set('prometheus.enabled', true, 'Expose Cilium agent metrics for the chosen Prometheus.'),
        ctx.monitoring !== 'none' &&
          set('operator.prometheus.enabled', true, 'Expose cilium-operator metrics.'),
        ctx.monitoring !== 'none' &&
          set(
            'hubble.metrics.enabled',
            ['dns', 'drop', 'tcp', 'flow', 'icmp', 'http'],
            'Hubble flow metrics: DNS, drops, TCP, flows, ICMP and HTTP.',
          ),
        operator &&
          set(
            'prometheus.serviceMonitor.enabled',
            true,
            'kube-prometheus-stack scrapes the agent via a ServiceMonitor.',
          ),
        operator &&
          set(
            'prometheus.serviceMonitor.trustCRDsExist',
            true,
            'The ServiceMonitor CRD comes from the crds layer, installed first; skip the render-time API check.',
          ),
        operator &&
          set(
            'operator.prometheus.serviceMonitor.enabled',
            true,
            'ServiceMonitor for cilium-operator metrics.',
          ),
        operator &&
          set('hubble.metrics.serviceMonitor.enabled', true, 'ServiceMonitor for Hubble flow metrics.'),
        ctx.has('grafana') &&
          set(
            'dashboards.enabled',
            true,
            "Cilium's Grafana dashboards, picked up by Grafana's dashboard sidecar.",
          ),
      ],
    })
  },
}
