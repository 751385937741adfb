/**
 * prodstack never writes credentials: anything that looks like one, given inline in the answers'
 * `values`, is refused. Keys that name a credential (password, token, API key, private key, client
 * secret, webhook URL) with a non-empty string are inline secrets, and so are values that are
 * credentials by their look (a Slack webhook URL under `api_url`); keys that *refer* to a Secret
 * (existingSecret, secretName, secretKeyRef, ...File) are what we ask for instead.
 */
const CREDENTIAL_KEY =
  /(password|passwd|passphrase|token|apikey|api_key|secretaccesskey|secret_access_key|accesskeysecret|privatekey|private_key|clientsecret|client_secret|webhookurl|webhook_url|routingkey|routing_key|servicekey|service_key|credentials)$/i
const REFERENCE_KEY = /(existing|ref|file|name|path|secretkey|key_name|keyname|enabled)$/i

/**
 * Values that are credentials whatever their key: webhook URLs that carry their secret in the path,
 * tokens with a recognisable prefix, private keys, and URLs with a password in them (a `$VAR`
 * reference in the password's place is fine).
 */
const CREDENTIAL_VALUE = [
  /hooks\.slack\.com\/(services|workflows|triggers)\/\S/i,
  /\bxox[abposr]-[A-Za-z0-9-]{10,}/,
  /webhook\.office\.com\/|outlook\.office\.com\/webhook\//i,
  /events\.pagerduty\.com\/integration\/[A-Za-z0-9]/i,
  /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
  /\b(AKIA|ASIA)[A-Z0-9]{16}\b/,
  /\bgh[pousr]_[A-Za-z0-9]{30,}/,
  /\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:(?!\$)[^\s@/]+@/i,
]

/**
 * `${VAR}`, `${env:VAR}` (the OpenTelemetry Collector), `$(VAR)`, `$__env{VAR}`, `$__file{path}`: a
 * reference the chart or the program expands, not a credential.
 */
const ENV_REFERENCE =
  /^(\$\{(env:)?[A-Za-z_][A-Za-z0-9_]*\}|\$\([A-Za-z_][A-Za-z0-9_]*\)|\$__(env|file)\{[^{}]+\})$/

/** Dotted paths of inline credentials in a values tree. */
export function inlineSecretPaths(values: unknown, path: string[] = []): string[] {
  if (typeof values === 'string')
    return CREDENTIAL_VALUE.some((pattern) => pattern.test(values)) ? [path.join('.')] : []
  if (Array.isArray(values))
    return values.flatMap((item, index) => inlineSecretPaths(item, [...path, String(index)]))
  if (typeof values !== 'object' || values === null) return []
  const found: string[] = []
  for (const [key, value] of Object.entries(values)) {
    const here = [...path, key]
    const credential = CREDENTIAL_KEY.test(key.replace(/[-.]/g, '')) && !REFERENCE_KEY.test(key)
    const literal = typeof value === 'string' && value.trim() !== '' && !ENV_REFERENCE.test(value.trim())
    if (credential && literal) found.push(here.join('.'))
    else found.push(...inlineSecretPaths(value, here))
  }
  return found
}
