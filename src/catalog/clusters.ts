import type {ClusterFlavourSpec} from './types.js'

/** A second CNI or metrics-server fights the built-in one, so these clusters default to neither. */
const BRINGS_NETWORK_AND_METRICS = {cni: 'none', metricsServer: false}

/**
 * Kinds of cluster and what each brings, the one place the rest of prodstack asks: defaults
 * (no second CNI or metrics-server), warnings, and component settings that depend on the flavour.
 */
export const CLUSTER_FLAVOURS: readonly ClusterFlavourSpec[] = [
  {
    id: 'generic',
    summary: 'A cluster you run yourself: prodstack installs the pod network and metrics-server',
    builtInMetricsServer: false,
    loadBalancer: false,
    controlPlaneMetricsLocal: false,
    managedControlPlane: false,
    selfSignedKubeletCerts: false,
  },
  {
    id: 'kubeadm',
    summary: 'Built with kubeadm, which brings no pod network: prodstack installs one',
    builtInMetricsServer: false,
    loadBalancer: false,
    controlPlaneMetricsLocal: true,
    managedControlPlane: false,
    selfSignedKubeletCerts: true,
  },
  {
    id: 'k3s',
    summary: 'Lightweight Kubernetes; Flannel, Traefik and metrics-server are built in',
    defaults: BRINGS_NETWORK_AND_METRICS,
    builtInCni: 'Flannel (built in)',
    builtInMetricsServer: true,
    loadBalancer: true,
    controlPlaneMetricsLocal: true,
    managedControlPlane: false,
    selfSignedKubeletCerts: true,
    ships: [
      {
        category: 'ingress',
        component: 'traefik',
        warning: 'k3s ships Traefik; start the servers with --disable traefik before installing this one.',
      },
    ],
  },
  {
    id: 'rke2',
    summary: 'Rancher RKE2; Canal, an ingress controller and metrics-server are built in',
    defaults: BRINGS_NETWORK_AND_METRICS,
    builtInCni: 'Canal (built in)',
    builtInMetricsServer: true,
    loadBalancer: true,
    controlPlaneMetricsLocal: true,
    managedControlPlane: false,
    selfSignedKubeletCerts: false,
    ships: [
      {
        category: 'ingress',
        warning: 'RKE2 ships an ingress controller; set `ingress-controller: none` in its config first.',
      },
    ],
  },
  {
    id: 'eks',
    summary: 'Amazon EKS; the Amazon VPC CNI is built in',
    defaults: BRINGS_NETWORK_AND_METRICS,
    builtInCni: 'the Amazon VPC CNI',
    builtInMetricsServer: true,
    loadBalancer: true,
    controlPlaneMetricsLocal: false,
    managedControlPlane: true,
    selfSignedKubeletCerts: false,
  },
  {
    id: 'gke',
    summary: 'Google GKE; its dataplane and metrics-server are built in',
    defaults: BRINGS_NETWORK_AND_METRICS,
    builtInCni: "GKE's own dataplane",
    builtInMetricsServer: true,
    loadBalancer: true,
    controlPlaneMetricsLocal: false,
    managedControlPlane: true,
    selfSignedKubeletCerts: false,
  },
  {
    id: 'aks',
    summary: 'Azure AKS; Azure CNI and metrics-server are built in',
    defaults: BRINGS_NETWORK_AND_METRICS,
    builtInCni: 'Azure CNI',
    builtInMetricsServer: true,
    loadBalancer: true,
    controlPlaneMetricsLocal: false,
    managedControlPlane: true,
    selfSignedKubeletCerts: false,
  },
]
