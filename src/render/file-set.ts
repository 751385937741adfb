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
