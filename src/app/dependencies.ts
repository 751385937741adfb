import {join} from 'node:path'
import {failureDetail, probeHelm, runHelm} from '../io/helm.js'
import type {Plan} from '../plan/types.js'

export interface DependencyUpdate {
  chart: string
  status: 'updated' | 'failed' | 'skipped'
  /** What to run by hand when it did not succeed here. */
  command: string
  /** Why it did not succeed: Helm's error with its cause, or why Helm is not available. */
  detail?: string
}

/**
 * Runs `helm dependency update` for each chart of a written stack, in install order. Offline or
 * without Helm this is not an error: the stack is complete, and each result says what to run later.
 */
export async function updateDependencies(
  plan: Plan,
  stackDir: string,
  helmBin: string,
  progress: (message: string) => void,
): Promise<DependencyUpdate[]> {
  const commandFor = (dir: string) => `helm dependency update ${join(stackDir, dir)}`
  const probe = await probeHelm(helmBin)
  if ('unavailable' in probe) {
    // Said once, by the caller, with the commands to run later: no progress line for it.
    return plan.layers.map((layer) => ({
      chart: layer.dir,
      status: 'skipped',
      command: commandFor(layer.dir),
      detail: `Helm is not available (${probe.unavailable})`,
    }))
  }
  const results: DependencyUpdate[] = []
  for (const [index, layer] of plan.layers.entries()) {
    progress(`[${index + 1}/${plan.layers.length}] helm dependency update ${layer.dir}`)
    const result = await runHelm(helmBin, ['dependency', 'update', join(stackDir, layer.dir)])
    if (result.ok) {
      results.push({chart: layer.dir, status: 'updated', command: commandFor(layer.dir)})
      continue
    }
    results.push({
      chart: layer.dir,
      status: 'failed',
      command: commandFor(layer.dir),
      detail: failureDetail(result),
    })
  }
  return results
}
