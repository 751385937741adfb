import * as Flags from '@oclif/core/flags'
import type {ClusterTools} from '../app/cluster.js'
import {helmEnvironment} from './helm-env.js'

/** The cluster flags of install, status and uninstall. */
export const clusterFlags = {
  'kube-context': Flags.string({
    description:
      'Kubeconfig context to use (helm --kube-context, kubectl --context). Under Helm, HELM_KUBECONTEXT applies.',
    helpGroup: 'CLUSTER',
  }),
  kubeconfig: Flags.string({
    description: 'Kubeconfig file (default: $KUBECONFIG, else ~/.kube/config).',
    helpGroup: 'CLUSTER',
  }),
}

/**
 * helm ($HELM_BIN, else helm on PATH), kubectl ($KUBECTL, else kubectl on PATH) and the cluster:
 * the flags, else (as `helm prodstack`) Helm's own HELM_KUBECONTEXT; KUBECONFIG is read by both tools.
 */
export function clusterTools(
  flags: {'kube-context'?: string; kubeconfig?: string},
  env: NodeJS.ProcessEnv = process.env,
): ClusterTools {
  const helm = helmEnvironment(env)
  const context = flags['kube-context'] ?? (helm.plugin ? env.HELM_KUBECONTEXT || undefined : undefined)
  return {
    helm: helm.bin,
    kubectl: env.KUBECTL || 'kubectl',
    target: {
      ...(context ? {context} : {}),
      ...(flags.kubeconfig ? {kubeconfig: flags.kubeconfig} : {}),
    },
  }
}

/** Asks on the terminal; false when declined. */
export async function confirmOnTerminal(message: string): Promise<boolean> {
  const {openTerminalPrompts} = await import('../io/prompts.js')
  const prompts = await openTerminalPrompts()
  return prompts.confirm({id: 'confirm', message, default: false})
}
