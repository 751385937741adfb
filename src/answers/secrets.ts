/**
 * prodstack never writes credentials: anything that looks like one, given inline in the answers'
 * `values`, is refused. Keys that name a credential (password, token, API key, private key, client
 * secret, webhook URL) with a non-empty string are inline secrets; keys that *refer* to a Secret
 * (existingSecret, secretName, secretKeyRef, ...File) are what we ask for instead.
 */
const CREDENTIAL_KEY =
  /(password|passwd|passphrase|token|apikey|api_key|secretaccesskey|secret_access_key|accesskeysecret|privatekey|private_key|clientsecret|client_secret|webhookurl|webhook_url|routingkey|routing_key|servicekey|service_key)$/i
const REFERENCE_KEY = /(existing|ref|file|name|path|secretkey|key_name|keyname|enabled)$/i

/** Dotted paths of inline credentials in a values tree. */
export function inlineSecretPaths(values: unknown, path: string[] = []): string[] {
  if (Array.isArray(values))
    return values.flatMap((item, index) => inlineSecretPaths(item, [...path, String(index)]))
  if (typeof values !== 'object' || values === null) return []
  const found: string[] = []
  for (const [key, value] of Object.entries(values)) {
    const here = [...path, key]
    const credential = CREDENTIAL_KEY.test(key.replace(/[-.]/g, '')) && !REFERENCE_KEY.test(key)
    if (credential && typeof value === 'string' && value.trim() !== '') found.push(here.join('.'))
    else found.push(...inlineSecretPaths(value, here))
  }
  return found
}
