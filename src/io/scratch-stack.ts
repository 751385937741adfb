import {copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import type {FileSet} from '../render/file-set.js'

/**
 * Writes a stack's files into a new temporary directory, with the packaged charts of `chartsFrom`'s
 * layers copied into the same layers, runs `use` on it and removes it again, also when `use` fails.
 * For renders of a variant of a written stack that must not touch the stack itself.
 */
export async function withScratchStack<T>(
  files: FileSet,
  chartsFrom: string,
  layerDirs: readonly string[],
  use: (dir: string) => Promise<T>,
): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'prodstack-'))
  try {
    for (const [file, text] of files) {
      mkdirSync(dirname(join(dir, file)), {recursive: true})
      writeFileSync(join(dir, file), text)
    }
    for (const layer of layerDirs) {
      const from = join(chartsFrom, layer, 'charts')
      let entries: string[] = []
      try {
        entries = readdirSync(from).filter((entry) => entry.endsWith('.tgz'))
      } catch {
        continue
      }
      mkdirSync(join(dir, layer, 'charts'), {recursive: true})
      for (const entry of entries) copyFileSync(join(from, entry), join(dir, layer, 'charts', entry))
    }
    return await use(dir)
  } finally {
    rmSync(dir, {recursive: true, force: true})
  }
}
