import type {Answers} from '../answers/schema.js'
import type {ClusterFlavourSpec, Selection} from '../catalog/types.js'

/** Warnings about choices that fight what the cluster flavour already runs (catalog/clusters.ts). */
export function clusterWarnings(
  answers: Answers,
  flavour: ClusterFlavourSpec,
  selection: Selection,
): string[] {
  const warnings: string[] = []
  const fits = selection.components.some((component) => component.fitsOnto?.includes(flavour.id))
  if (flavour.builtInCni && answers.cni !== 'none' && !fits) {
    warnings.push(
      `${flavour.id} clusters already run ${flavour.builtInCni}; installing ${answers.cni} as well needs the built-in ` +
        'one removed first (or use --cni none).',
    )
  }
  if (flavour.builtInMetricsServer && answers.metricsServer) {
    warnings.push(
      `${flavour.id} clusters usually run metrics-server already; two of them fight over the ` +
        'v1beta1.metrics.k8s.io APIService (use --no-metrics-server).',
    )
  }
  for (const shipped of flavour.ships ?? []) {
    const clash = shipped.component
      ? selection.has(shipped.component)
      : selection.components.some((component) => component.category === shipped.category)
    if (clash) warnings.push(shipped.warning)
  }
  return warnings
}
