import {mirrorImages, set, settingsFor} from '../settings.js'
import type {Component} from '../types.js'

export const flannel: Component = {
  id: 'flannel',
  title: 'Flannel',
  category: 'cni',
  uses: ['podCidr'],
  description:
    'Simple VXLAN overlay pod network; NetworkPolicy is enforced by the kube-network-policies container prodstack turns on.',
  lifecycle: {
    status: 'maintained',
    note: 'Actively maintained (flannel-io); it moves packets only and enforces no NetworkPolicy by itself.',
  },
  charts: [
    {
      alias: 'flannel',
      chart: 'flannel',
      version: 'v0.28.9',
      repository: 'https://flannel-io.github.io/flannel/',
      layer: 'network',
      upstreamDir: 'flannel',
    },
  ],
  podSecurity: 'privileged',
  warnings(answers) {
    const warnings = [
      'Flannel enforces no NetworkPolicy itself; prodstack turns on netpol.enabled, which runs kube-network-policies ' +
        '(Kubernetes SIG Network) next to flannel on every node. It needs nftables and NFQUEUE support in the node ' +
        'kernel and covers plain NetworkPolicy only; choose --cni cilium or --cni calico for richer policy.',
      `Flannel runs with --kube-subnet-mgr and takes each node's spec.podCIDR, so the cluster must hand out node ` +
        `CIDRs from ${answers.podCidr} (kube-controller-manager --cluster-cidr; kubeadm init --pod-network-cidr).`,
    ]
    if (answers.layout === 'layered') {
      warnings.push(
        "Flannel's chart installs into its release namespace, here kube-system, not the kube-flannel namespace of " +
          'its README; its pods use hostNetwork, hostPath and NET_ADMIN, so kube-system must admit privileged pods ' +
          '(it does unless the cluster enforces a stricter Pod Security level there).',
      )
    }
    return warnings
  },
  mirror(registry) {
    return settingsFor({
      flannel: mirrorImages(registry, {
        'flannel.image.repository': 'ghcr.io/flannel-io/flannel',
        'flannel.flannel_cni.image.repository': 'ghcr.io/flannel-io/flannel-cni-plugin',
        'netpol.image.repository': 'registry.k8s.io/networking/kube-network-policies',
      }),
    })
  },
  configure(ctx) {
    return settingsFor({
      flannel: [
        set(
          'podCidr',
          ctx.answers.podCidr,
          'The stack-wide pod CIDR, so every component agrees on one range.',
        ),
        // On, because a cluster that accepts NetworkPolicy objects without enforcing them gives a false sense of
        // isolation; kube-network-policies is the SIG Network implementation the chart offers for exactly this.
        set(
          'netpol.enabled',
          true,
          'Enforce NetworkPolicy with kube-network-policies, which flannel alone does not do.',
        ),
      ],
    })
  },
}
