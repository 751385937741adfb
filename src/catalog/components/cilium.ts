import {set, settingsFor} from '../settings.js'
import type {Component} from '../types.js'

export const cilium: Component = {
  id: 'cilium',
  title: 'Cilium',
  category: 'cni',
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
  chosenBy: (answers) => answers.cni === 'cilium',
  configure(ctx) {
    const {answers} = ctx
    const istio = ctx.has('istio')
    const operator = ctx.monitoring === 'operator'
    return settingsFor({
      cilium: [
        set('ipam.mode', 'cluster-pool', 'Cilium allocates pod addresses from the pod CIDR below.'),
        set(
          'ipam.operator.clusterPoolIPv4PodCIDRList',
          [answers.podCidr],
          'The stack-wide pod CIDR, so every component agrees on one range.',
        ),
        istio &&
          set('cni.exclusive', false, "Istio's CNI chains after Cilium; exclusive mode would remove it."),
        istio &&
          set(
            'socketLB.hostNamespaceOnly',
            true,
            'Required with Istio: socket load-balancing inside pods would bypass the sidecar.',
          ),
        set('hubble.relay.enabled', true, 'Hubble relay aggregates flow logs from every node.'),
        set('hubble.ui.enabled', true, 'Hubble UI shows service maps and dropped flows.'),
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
