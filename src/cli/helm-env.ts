import type {AnswersInput} from '../answers/schema.js'

/**
 * What Helm tells a plugin through the environment. Helm strips its own flags (-n/--namespace,
 * --kube-context, --debug, ...) from the plugin's arguments and passes them as HELM_* variables.
 */
export interface HelmEnvironment {
  /** Running as `helm prodstack`. */
  plugin: boolean
  /** The helm binary to call: HELM_BIN under Helm, else `helm` from PATH. */
  bin: string
  debug: boolean
}

export function helmEnvironment(env: NodeJS.ProcessEnv = process.env): HelmEnvironment {
  return {
    plugin: Boolean(env.HELM_PLUGIN_NAME),
    bin: env.HELM_BIN || 'helm',
    debug: env.HELM_DEBUG === 'true',
  }
}

/**
 * Answers the environment implies, weaker than flags and the answers file: Helm's namespace
 * (`helm prodstack -n observability init`) becomes the platform namespace. Helm reports `default`
 * when no namespace was chosen anywhere, which is no choice at all.
 */
export function answersFromEnvironment(env: NodeJS.ProcessEnv = process.env): AnswersInput {
  const namespace = env.HELM_NAMESPACE
  return namespace && namespace !== 'default' ? {namespace} : {}
}

/** How the user runs prodstack, for help and hints: `helm prodstack` under Helm, else the bin. */
export function invokedAs(bin: string, env: NodeJS.ProcessEnv = process.env): string {
  return env.HELM_PLUGIN_NAME ? `helm ${env.HELM_PLUGIN_NAME}` : bin
}
