import {stringify} from 'yaml'
import type {PlannedLayer} from '../plan/types.js'
import {escapeHelmTemplate} from './file-set.js'

/** templates/<file>.yaml for the objects components add to a layer chart; inert to Helm's template engine. */
export function renderManifests(layer: PlannedLayer): Map<string, string> {
  const files = new Map<string, string>()
  for (const manifest of layer.manifests) {
    const body = manifest.objects.map((object) => stringify(object, {lineWidth: 0})).join('---\n')
    files.set(
      `templates/${manifest.file}.yaml`,
      `# Added by prodstack for ${manifest.component}.\n${escapeHelmTemplate(body)}`,
    )
  }
  return files
}

export const HELMIGNORE = `# Files Helm leaves out when packaging this chart.
.DS_Store
.git/
.gitignore
*.swp
*.bak
*.tmp
*.orig
*~
.idea/
.vscode/
`
