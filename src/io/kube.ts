/** Runs kubectl through execa, as io/helm.ts runs helm: the cluster side of install, status and uninstall. */
import {type HelmResult, runHelm} from './helm.js'

export type ToolResult = HelmResult

export function runKubectl(
  bin: string,
  args: string[],
  options: {cwd?: string; timeoutMs?: number; input?: string} = {},
): Promise<ToolResult> {
  // The same runner as Helm's: stdin is the given input or nothing, output is captured, errors are values.
  return runHelm(bin, args, options)
}
