/**
 * Helm validates values against each chart's values.schema.json at every lint, template and
 * install, and fetches every document a schema `$ref`s over the network. Offline, a chart whose
 * schema refers to the internet (F5's nginx-ingress points at raw.githubusercontent.com) cannot be
 * rendered without `--skip-schema-validation`.
 */

/** The remote documents (http and https URLs, without fragments) a JSON schema refers to. */
export function remoteRefs(schemaText: string): string[] {
  let schema: unknown
  try {
    schema = JSON.parse(schemaText)
  } catch {
    return []
  }
  const urls = new Set<string>()
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk)
    else if (typeof node === 'object' && node !== null) {
      for (const [key, value] of Object.entries(node)) {
        if (
          (key === '$ref' || key === '$dynamicRef') &&
          typeof value === 'string' &&
          /^https?:\/\//i.test(value)
        )
          urls.add(value.split('#')[0]!)
        else walk(value)
      }
    }
  }
  walk(schema)
  return [...urls].sort()
}

/** Helm's message when a schema's remote document could not be fetched, with the URL. */
export function remoteSchemaFailure(stderr: string): string | undefined {
  const match =
    /failing loading "(https?:\/\/[^"]+)"/.exec(stderr) ??
    /(https?:\/\/\S+\.json)\S*: (?:Get|HTTP request failed)/.exec(stderr)
  return match?.[1]
}
