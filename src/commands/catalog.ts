import {BaseCommand} from '../cli/base-command.js'

export default class CatalogCommand extends BaseCommand {
  static override summary = 'List every component by category, with chart versions and lifecycle status.'
  static override examples = ['<%= config.bin %> catalog', '<%= config.bin %> catalog --json']

  async run() {
    await this.parse(CatalogCommand)
    const {CATALOG} = await import('../catalog/index.js')
    const CATEGORIES = CATALOG.categories.map(({id, title}) => ({id, title}))
    const components = CATALOG.components.map((component) => ({
      id: component.id,
      title: component.title,
      category: component.category,
      description: component.description,
      lifecycle: component.lifecycle,
      charts: component.charts.map(({alias, chart, version, repository, layer}) => ({
        alias,
        chart,
        version,
        repository,
        layer,
      })),
    }))
    if (!this.jsonEnabled()) {
      for (const category of CATEGORIES) {
        const members = components.filter((component) => component.category === category.id)
        if (members.length === 0) continue
        this.log(`${category.title}:`)
        for (const component of members) {
          const versions = component.charts.map((chart) => `${chart.chart}@${chart.version}`).join(', ')
          const status =
            component.lifecycle.status === 'maintained' ? '' : `  [${component.lifecycle.status}]`
          this.log(`  ${component.id.padEnd(24)} ${versions}${status}`)
          if (status) this.log(`  ${''.padEnd(24)} ${component.lifecycle.note}`)
        }
      }
    }
    return {status: 'ok', categories: CATEGORIES, components}
  }
}
