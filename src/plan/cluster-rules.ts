import type {Answers, ClusterFlavour} from '../answers/schema.js'

/** Clusters whose pod network is built in, and what it is. */
export const BUILT_IN_CNI: Partial<Record<ClusterFlavour, string>> = {
  eks: 'the Amazon VPC CNI',
  gke: "GKE's own dataplane",
  aks: 'Azure CNI',
  k3s: 'Flannel (built in)',
  rke2: 'Canal (built in)',
}

/** Warnings about choices that fight what the cluster flavour already runs. */
export function clusterWarnings(answers: Answers): string[] {
  const warnings: string[] = []
  const builtIn = BUILT_IN_CNI[answers.cluster]
  if (builtIn && answers.cni !== 'none') {
    warnings.push(
      `${answers.cluster} clusters already run ${builtIn}; installing ${answers.cni} as well needs the built-in ` +
        'one removed first (or use --cni none).',
    )
  }
  if (answers.cluster !== 'generic' && answers.cluster !== 'kubeadm' && answers.metricsServer) {
    warnings.push(
      `${answers.cluster} clusters usually run metrics-server already; two of them fight over the ` +
        'v1beta1.metrics.k8s.io APIService (use --no-metrics-server).',
    )
  }
  if (answers.cluster === 'k3s' && answers.ingress === 'traefik') {
    warnings.push('k3s ships Traefik; start the servers with --disable traefik before installing this one.')
  }
  if (answers.cluster === 'rke2' && answers.ingress !== 'none') {
    warnings.push('RKE2 ships an ingress controller; set `ingress-controller: none` in its config first.')
  }
  return warnings
}
