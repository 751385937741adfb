import {join} from 'node:path'
import {helmVersion, runHelm} from '../io/helm.js'
import type {Plan} from '../plan/types.js'

export interface DependencyUpdate {
  chart: string
  status: 'updated' | 'failed' | 'skipped'
  /** What to run by hand when it did not succeed here. */
  command: string
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
  const version = await helmVersion(helmBin)
  if (!version) {
    progress(`Helm (${helmBin}) is not available: skipping helm dependency update.`)
    return plan.layers.map((layer) => ({
      chart: layer.dir,
      status: 'skipped',
      command: commandFor(layer.dir),
      detail: `${helmBin} could not be run`,
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
    const last = result.stderr.trim().split('\n').filter(Boolean).at(-1) ?? `exit code ${result.exitCode}`
    const detail = result.timedOut ? 'timed out' : last.length > 160 ? `${last.slice(0, 157)}...` : last
    results.push({chart: layer.dir, status: 'failed', command: commandFor(layer.dir), detail})
  }
  return results
}
