import {readdirSync, readFileSync} from 'node:fs'
import {join, relative, sep} from 'node:path'
import type {FileSet} from '../render/file-set.js'
import type {ProseTemplates} from '../render/prose.js'
import {PACKAGE_ROOT} from './paths.js'

let templates: ProseTemplates | undefined

/** The Handlebars sources in templates/, read once per process. */
export function loadTemplates(): ProseTemplates {
  if (!templates) {
    const read = (name: string) => readFileSync(join(PACKAGE_ROOT, 'templates', name), 'utf8')
    templates = {readme: read('README.md.hbs'), notes: read('NOTES.txt.hbs')}
  }
  return templates
}

/** The files of a chart prodstack ships in charts/<name>, relative to that directory. */
export function loadLocalChart(name: string): FileSet {
  const root = join(PACKAGE_ROOT, 'charts', name)
  const files: FileSet = new Map()
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, {withFileTypes: true})) {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) walk(path)
      else if (entry.isFile())
        files.set(relative(root, path).split(sep).join('/'), readFileSync(path, 'utf8'))
    }
  }
  walk(root)
  return files
}
