import {mirrorSet, set, settingsFor} from '../settings.js'
import type {Component} from '../types.js'

/** Prometheus ports Calico's docs use for Felix (calico-node) and Typha. */
const NODE_METRICS_PORT = 9091
const TYPHA_METRICS_PORT = 9093

export const calico: Component = {
  id: 'calico',
  title: 'Calico',
  category: 'cni',
  uses: ['podCidr'],
  description:
    'Pod networking and NetworkPolicy enforcement run by the Tigera operator, with VXLAN across subnets and routed traffic within one.',
  lifecycle: {
    status: 'maintained',
    note:
      'Actively maintained by Tigera; since v3.32 the CRDs ship as their own chart (crd.projectcalico.org.v1), ' +
      'installed here in the CRDs layer before the operator.',
  },
  charts: [
    {
      alias: 'calico-crds',
      chart: 'crd.projectcalico.org.v1',
      version: 'v3.32.1',
      repository: 'https://docs.tigera.io/calico/charts',
      layer: 'crds',
      upstreamDir: 'crd.projectcalico.org.v1',
      // installations.operator.tigera.io alone is about 615 KiB.
      largeCrds: true,
    },
    {
      alias: 'tigera-operator',
      chart: 'tigera-operator',
      version: 'v3.32.1',
      repository: 'https://docs.tigera.io/calico/charts',
      layer: 'network',
      upstreamDir: 'tigera-operator',
    },
  ],
  podSecurity: 'privileged',
  warnings(answers) {
    const warnings: string[] = []
    if (answers.metrics !== 'none') {
      warnings.push(
        `Calico serves metrics on ports ${NODE_METRICS_PORT} (calico-node) and ${TYPHA_METRICS_PORT} (Typha) in ` +
          'namespace calico-system, but its chart ships no ServiceMonitor and no scrape annotations: add a ' +
          'ServiceMonitor or scrape job for them to reach Prometheus.',
      )
    }
    if (answers.cluster === 'kubeadm') {
      warnings.push(
        `kubeadm: the Calico IP pool (${answers.podCidr}) must lie inside the cluster's --pod-network-cidr; ` +
          'the operator refuses a pool outside it.',
      )
    }
    return warnings
  },
  mirror(registry) {
    return settingsFor({
      'tigera-operator': [
        mirrorSet('tigeraOperator.registry', registry, 'quay.io/tigera/operator'),
        // The operator pulls <registry>/calico/<image>; the Installation API wants the trailing slash.
        mirrorSet('installation.registry', `${registry}/`, 'quay.io/calico (the images the operator starts)'),
      ],
    })
  },
  configure(ctx) {
    const {answers} = ctx
    // Metrics are turned on but nothing scrapes them (no ServiceMonitor in the chart), so this reads
    // the answer rather than ctx.monitoring, which would record a scrape edge that does not exist.
    const metrics = answers.metrics !== 'none'
    const ambient = ctx.has('istio-ambient')
    return settingsFor({
      'calico-crds': [],
      'tigera-operator': [
        // The chart copies `installation` verbatim into the Installation resource's spec.
        set(
          'installation.calicoNetwork',
          {
            ipPools: [
              {
                name: 'default-ipv4-ippool',
                cidr: answers.podCidr,
                blockSize: 26,
                encapsulation: 'VXLANCrossSubnet',
                natOutgoing: 'Enabled',
                nodeSelector: 'all()',
              },
            ],
          },
          "One IPv4 pool on the stack-wide pod CIDR; VXLAN only between subnets, as in Calico's own example, so it works where IP-in-IP is blocked.",
        ),
        metrics &&
          set(
            'installation.nodeMetricsPort',
            NODE_METRICS_PORT,
            'Turn on Felix (calico-node) Prometheus metrics; they are off by default.',
          ),
        metrics &&
          set('installation.typhaMetricsPort', TYPHA_METRICS_PORT, 'Turn on Typha Prometheus metrics.'),
        ambient &&
          set(
            'defaultFelixConfiguration.enabled',
            true,
            'The chart writes the default FelixConfiguration, for the setting below.',
          ),
        ambient &&
          set(
            'defaultFelixConfiguration.workloadSourceSpoofing',
            'Any',
            "Istio ambient: ztunnel sends traffic with the addresses of the pods it serves, which Felix's anti-spoofing drops otherwise.",
          ),
      ],
    })
  },
}
