import type {Plan} from '../plan/types.js'
import {renderAnswersFile} from './answers-file.js'
import {renderChartYaml} from './chart-yaml.js'
import {type FileSet, joinPath, sortedFileSet} from './file-set.js'
import {renderGitops} from './gitops.js'
import {renderHelmfile} from './helmfile.js'
import {HELMIGNORE, renderManifests} from './manifests.js'
import {NAMESPACES_FILE, renderNamespaces} from './namespaces.js'
import {type ProseTemplates, renderNotes, renderReadme} from './prose.js'
import {renderValuesSchema} from './values-schema.js'
import {type ChartTitle, renderValuesYaml} from './values-yaml.js'

export interface RenderInputs {
  templates: ProseTemplates
  /** Files of the charts prodstack ships (charts/<name>/...), by chart name. */
  localCharts: Map<string, FileSet>
  generatorVersion: string
}

/**
 * Plan → every file of the stack directory. Pure: the same plan and inputs give byte-identical
 * files, in a stable order.
 */
export function renderStack(plan: Plan, inputs: RenderInputs): FileSet {
  const files: FileSet = new Map()
  const titles = new Map<string, ChartTitle>(
    plan.components.map((component) => [
      component.id,
      {title: component.title, description: component.description},
    ]),
  )
  files.set('prodstack.yaml', renderAnswersFile(plan.answers))
  files.set('README.md', renderReadme(plan, inputs.templates))
  const namespaces = renderNamespaces(plan)
  if (namespaces) files.set(NAMESPACES_FILE, namespaces)
  if (plan.answers.layout === 'layered') files.set('helmfile.yaml', renderHelmfile(plan))
  for (const [file, contents] of renderGitops(plan)) files.set(file, contents)

  for (const layer of plan.layers) {
    const at = (file: string) => joinPath(layer.dir, file)
    files.set(at('Chart.yaml'), renderChartYaml(plan, layer, inputs.generatorVersion))
    files.set(at('values.yaml'), renderValuesYaml(layer, titles))
    files.set(at('values.schema.json'), renderValuesSchema(layer))
    files.set(at('.helmignore'), HELMIGNORE)
    files.set(at('templates/NOTES.txt'), renderNotes(plan, layer, inputs.templates))
    for (const [file, contents] of renderManifests(layer)) files.set(at(file), contents)
    for (const chart of layer.charts) {
      if (!chart.repository.startsWith('file://')) continue
      const local = inputs.localCharts.get(chart.chart)
      if (!local) throw new Error(`local chart ${chart.chart} was not loaded`)
      const target = chart.repository.slice('file://'.length)
      for (const [file, contents] of local) files.set(at(`${target}/${file}`), contents)
    }
  }
  return sortedFileSet(files)
}
