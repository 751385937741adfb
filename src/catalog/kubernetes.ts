/**
 * The Kubernetes minor versions the catalog's pins are proven on: the render tests template every
 * layer for the oldest and the newest, and the control-plane suite installs stacks on the newest.
 * Older lines are past their end of life.
 */
export const SUPPORTED_KUBERNETES = {oldest: '1.35', newest: '1.37'} as const

/** `v1.37.2`, `v1.35.4-eks-1a2b3c`, `1.36` → [1, 37]; undefined when it is not a version. */
export function kubernetesMinor(version: string): [number, number] | undefined {
  const match = /^v?(\d+)\.(\d+)/.exec(version.trim())
  return match ? [Number(match[1]), Number(match[2])] : undefined
}

/** How a cluster's version stands against the supported lines. */
export function kubernetesSupport(version: string): 'supported' | 'older' | 'newer' | 'unknown' {
  const found = kubernetesMinor(version)
  if (!found) return 'unknown'
  const [oldest, newest] = [SUPPORTED_KUBERNETES.oldest, SUPPORTED_KUBERNETES.newest].map(
    (line) => kubernetesMinor(line)!,
  )
  const compare = (a: [number, number], b: [number, number]) => a[0] - b[0] || a[1] - b[1]
  if (compare(found, oldest!) < 0) return 'older'
  if (compare(found, newest!) > 0) return 'newer'
  return 'supported'
}
