import {
  type AnswersInput,
  CNI_CHOICES,
  DASHBOARD_CHOICES,
  INGRESS_CHOICES,
  LOG_AGENT_CHOICES,
  LOG_STORE_CHOICES,
  MESH_CHOICES,
  METRICS_CHOICES,
} from '../../src/answers/schema.js'

/** Every subset of the dashboards. */
const dashboardSets: string[][] = Array.from({length: 1 << DASHBOARD_CHOICES.length}, (_, mask) =>
  DASHBOARD_CHOICES.filter((_, bit) => mask & (1 << bit)),
)

/**
 * The whole space of component choices, with and without a domain, over the minimal preset. Istio's
 * data plane alternates with the log agent and the dashboards rather than doubling the space: every
 * other choice still meets both modes.
 */
export function* everyCombination(): Generator<AnswersInput> {
  for (const cni of CNI_CHOICES)
    for (const ingress of INGRESS_CHOICES)
      for (const mesh of MESH_CHOICES)
        for (const metrics of METRICS_CHOICES)
          for (const [loggingIndex, logging] of LOG_AGENT_CHOICES.entries())
            for (const logStore of LOG_STORE_CHOICES)
              for (const [dashboardsIndex, dashboards] of dashboardSets.entries())
                for (const domain of [undefined, 'example.com']) {
                  const istioMode = (loggingIndex + dashboardsIndex) % 2 === 0 ? 'ambient' : 'sidecar'
                  yield {
                    preset: 'minimal',
                    cni,
                    ingress,
                    // Retired choices are refused without the override; the space covers them installed.
                    ...(ingress === 'ingress-nginx' ? {allowRetired: true} : {}),
                    mesh,
                    ...(mesh === 'istio' ? {istioMode} : {}),
                    metrics,
                    logging,
                    logStore,
                    dashboards,
                    ...(domain ? {domain} : {}),
                  }
                }
}
