import {stringify} from 'yaml'
import type {PlannedLayer} from '../plan/types.js'
import {escapeHelmTemplate, memoized} from './file-set.js'

/** templates/<file>.yaml for the objects components add to a layer chart; inert to Helm's template engine. */
export function renderManifests(layer: PlannedLayer): Map<string, string> {
  const files = new Map<string, string>()
  for (const manifest of layer.manifests) files.set(`templates/${manifest.file}.yaml`, manifestText(manifest))
  return files
}

const manifestText = memoized(
  (manifest: PlannedLayer['manifests'][number]) => {
    const body = manifest.objects.map((object) => stringify(object, {lineWidth: 0})).join('---\n')
    return `# Added by prodstack for ${manifest.component}.\n${escapeHelmTemplate(body)}`
  },
  (manifest) => JSON.stringify(manifest),
)

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
.prodstack/
`
