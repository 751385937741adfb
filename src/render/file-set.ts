/** Relative path (POSIX separators) → file contents. The only thing the renderer produces. */
export type FileSet = Map<string, string>

/** A FileSet with its paths in byte order, so output and snapshots never depend on insertion order. */
export function sortedFileSet(files: FileSet): FileSet {
  return new Map([...files.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
}

export function joinPath(dir: string, file: string): string {
  return dir === '.' || dir === '' ? file : `${dir}/${file}`
}

/**
 * Makes text inert inside a Helm template: `{{` and `}}` become template expressions that print
 * them literally, so user-provided strings can never run as template code.
 */
export function escapeHelmTemplate(text: string): string {
  return text.replace(/\{\{|\}\}/g, (match) => (match === '{{' ? '{{ "{{" }}' : '{{ "}}" }}'))
}

/**
 * Remembers rendered text by key, for pieces that repeat across the stacks of one process (the
 * exhaustive test and the benchmark render thousands). Bounded, and only for pure renderers, so
 * output never depends on what was rendered before.
 */
export function memoized<T extends unknown[]>(render: (...args: T) => string, keyOf: (...args: T) => string) {
  const cache = new Map<string, string>()
  return (...args: T): string => {
    const key = keyOf(...args)
    let text = cache.get(key)
    if (text === undefined) {
      text = render(...args)
      if (cache.size >= 4096) cache.clear()
      cache.set(key, text)
    }
    return text
  }
}
