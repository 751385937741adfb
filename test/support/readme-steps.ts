/** The steps a generated stack's README gives, read the way a person following it would. */

/** The body of the `## <title>` section, up to the next `## ` heading. */
export function readmeSection(readme: string, title: string): string {
  const lines = readme.split('\n')
  const start = lines.findIndex((line) => line.trim() === `## ${title}`)
  if (start < 0) throw new Error(`README has no "## ${title}" section`)
  const end = lines.findIndex((line, index) => index > start && line.startsWith('## '))
  return lines.slice(start + 1, end < 0 ? undefined : end).join('\n')
}

/** The ```sh code blocks of a section, in order. */
export function shellBlocks(section: string): string[] {
  return [...section.matchAll(/^```(?:sh|bash|shell)\n([\s\S]*?)^```$/gm)].map((match) => match[1]!)
}

export interface RequiredSecret {
  namespace: string
  name: string
  keys: string[]
}

/** The Secrets listed under "Before you install": "- `ns/name` with keys `a`, `b`: why". */
export function requiredSecrets(readme: string): RequiredSecret[] {
  let section: string
  try {
    section = readmeSection(readme, 'Before you install')
  } catch {
    return []
  }
  const secrets: RequiredSecret[] = []
  for (const match of section.matchAll(/^- `([^`/]+)\/([^`]+)` with keys? ([^:]+):/gm)) {
    const keys = [...match[3]!.matchAll(/`([^`]+)`/g)].map((key) => key[1]!)
    secrets.push({namespace: match[1]!, name: match[2]!, keys})
  }
  return secrets
}

export interface ReleaseRef {
  name: string
  namespace: string
  chart: string
}

/** The releases that `helm upgrade --install` lines install, in order. */
export function installedReleases(script: string): ReleaseRef[] {
  return [...script.matchAll(/^helm upgrade --install (\S+) (\S+) .*--namespace (\S+)/gm)].map((match) => ({
    name: match[1]!,
    chart: match[2]!,
    namespace: match[3]!,
  }))
}

/** The releases that `helm uninstall` lines remove, in order. */
export function uninstalledReleases(script: string): Array<{name: string; namespace: string}> {
  return [...script.matchAll(/^helm uninstall (\S+) .*--namespace (\S+)/gm)].map((match) => ({
    name: match[1]!,
    namespace: match[2]!,
  }))
}

/** `helm dependency update <dir>`: the one install step that needs the chart repositories. */
export const DEPENDENCY_UPDATE = /^helm dependency update (\S+)\s*$/gm
