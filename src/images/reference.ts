/**
 * Container image references, normalised the way the container runtimes resolve them, so that
 * `busybox`, `docker.io/busybox:latest` and `index.docker.io/library/busybox:latest` are one image.
 */

export interface ImageReference {
  /** The normalised reference: `registry/repository[:tag][@digest]`. */
  ref: string
  /** Registry host (and port): `docker.io`, `quay.io`, `registry.k8s.io`, `localhost:5000`. */
  registry: string
  /** Repository inside the registry: `library/busybox`, `prometheus/prometheus`. */
  repository: string
  /** The tag, `latest` when the reference names neither a tag nor a digest. */
  tag?: string
  /** The digest (`sha256:…`), kept whenever the reference pins one. */
  digest?: string
}

/** Docker Hub's canonical name; the other names it answers to are rewritten to it. */
export const DOCKER_HUB = 'docker.io'
const DOCKER_HUB_ALIASES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io'])

// The grammar of github.com/distribution/reference (what Docker, containerd and CRI-O parse).
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/
const TAG = /^[\w][\w.-]{0,127}$/
const DIGEST = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/
const HOST =
  /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::\d+)?$/

/**
 * Normalises an image reference as Kubernetes hands it to the runtime:
 * - without a registry (the first part has no `.` or `:` and is not `localhost`), it is Docker Hub's;
 * - on Docker Hub, a one-part repository is an official image under `library/`;
 * - without a tag or digest, the tag is `latest`; a digest is kept, with the tag when both are given.
 * Returns undefined when the text is not a valid reference (an empty tag, upper case, spaces…).
 */
export function normalizeImage(raw: string): ImageReference | undefined {
  const text = raw.trim()
  if (text === '' || /\s/.test(text)) return undefined
  let rest = text
  let digest: string | undefined
  const at = rest.indexOf('@')
  if (at >= 0) {
    digest = rest.slice(at + 1)
    rest = rest.slice(0, at)
    if (!DIGEST.test(digest)) return undefined
  }
  let tag: string | undefined
  const colon = rest.lastIndexOf(':')
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1)
    rest = rest.slice(0, colon)
    if (!TAG.test(tag)) return undefined
  }
  const parts = rest.split('/')
  let registry = DOCKER_HUB
  const first = parts[0]!
  if (parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost')) {
    if (!HOST.test(first)) return undefined
    registry = DOCKER_HUB_ALIASES.has(first.toLowerCase()) ? DOCKER_HUB : first
    parts.shift()
  }
  if (parts.length === 0 || !parts.every((part) => PATH_COMPONENT.test(part))) return undefined
  if (registry === DOCKER_HUB && parts.length === 1) parts.unshift('library')
  const repository = parts.join('/')
  if (!tag && !digest) tag = 'latest'
  const ref = `${registry}/${repository}${tag ? `:${tag}` : ''}${digest ? `@${digest}` : ''}`
  return {ref, registry, repository, ...(tag ? {tag} : {}), ...(digest ? {digest} : {})}
}

/** `registry/repository`, the name a mirror stores the image under. */
export function imageName(image: ImageReference): string {
  return `${image.registry}/${image.repository}`
}
