import {readdirSync, readFileSync} from 'node:fs'
import {join, relative, sep} from 'node:path'
import HandlebarsRuntimeModule from 'handlebars/runtime.js'
import type {FileSet} from '../render/file-set.js'
import {TEMPLATE_SPECS} from '../render/generated/templates.js'
import type {ProseTemplates} from '../render/prose.js'
import {PACKAGE_ROOT} from './paths.js'

interface TemplateRuntime {
  template(spec: object): (context: object) => string
}

let templates: ProseTemplates | undefined

/**
 * The prose templates, precompiled from templates/*.hbs by the build: only Handlebars' runtime is
 * loaded, never its compiler.
 */
export function loadTemplates(): ProseTemplates {
  if (!templates) {
    // The runtime is CommonJS: Node hands over its exports object, bundlers its default.
    const module = HandlebarsRuntimeModule as unknown as TemplateRuntime & {default?: TemplateRuntime}
    const runtime = module.default ?? module
    templates = {
      readme: runtime.template(TEMPLATE_SPECS['README.md']),
      notes: runtime.template(TEMPLATE_SPECS['NOTES.txt']),
    }
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
