/**
 * One module and one catalog entry are all a component needs: a fixture component registered in a
 * test catalog comes out in the answers schema, the flags, the questions, the plan and the files.
 */
import {Ajv} from 'ajv'
import {describe, expect, it} from 'vitest'
import {schemaFor} from '../../src/answers/catalog-schema.js'
import {completeAnswers} from '../../src/answers/complete.js'
import {ANSWERS_API_VERSION} from '../../src/answers/schema.js'
import {renderStackFiles} from '../../src/app/stack.js'
import {CATALOG, type Catalog} from '../../src/catalog/index.js'
import {set, settingsFor} from '../../src/catalog/settings.js'
import type {Component} from '../../src/catalog/types.js'
import {answerFlags} from '../../src/cli/answer-flags.js'
import {answerQuestion, nextStep, startQuestionnaire} from '../../src/cli/questions.js'
import {resolvePlan} from '../../src/plan/resolve.js'
import {validateAnswersInput} from '../../src/schema/validate-answers.js'

const fixture: Component = {
  id: 'fixture-proxy',
  title: 'Fixture Proxy',
  category: 'ingress',
  description: 'A made-up ingress controller for this test.',
  lifecycle: {status: 'maintained', note: 'Made up.'},
  ingressClass: 'fixture',
  uses: ['domain'],
  charts: [
    {
      alias: 'fixture-proxy',
      chart: 'fixture-proxy',
      version: '1.2.3',
      repository: 'https://charts.example.com',
      layer: 'platform',
    },
  ],
  answers: [
    {
      key: 'fixtureMode',
      flag: 'fixture-mode',
      question: 'Fixture Proxy mode',
      help: 'How the fixture proxies.',
      order: 5.5,
      schema: {type: 'string', enum: ['fast', 'safe'], description: 'Fixture Proxy mode.'},
      default: 'safe',
      after: ['ingress'],
      applies: (answers) => answers.ingress === 'fixture-proxy',
    },
  ],
  configure: (ctx) =>
    settingsFor({
      'fixture-proxy': [set('mode', ctx.answers.fixtureMode, 'The mode the fixture answers chose.')],
    }),
}

const catalog: Catalog = {...CATALOG, components: [...CATALOG.components, fixture]}

describe('a component added to the catalog', () => {
  it('is a choice of its category in the answers schema, with its own question as a property', () => {
    const schema = schemaFor(catalog) as {properties: Record<string, {enum?: string[]}>}
    expect(schema.properties.ingress?.enum).toContain('fixture-proxy')
    expect(schema.properties.fixtureMode?.enum).toEqual(['fast', 'safe'])
    const validate = new Ajv({allErrors: true, strict: false}).compile(schema)
    const input = {apiVersion: ANSWERS_API_VERSION, ingress: 'fixture-proxy', fixtureMode: 'slow'}
    const problems = validateAnswersInput(input, (path) => path.join('.'), validate as never)
    expect(problems.map((problem) => problem.source)).toEqual(['fixtureMode'])
    // The real catalog knows nothing of it.
    expect(
      (schemaFor(CATALOG) as {properties: Record<string, unknown>}).properties.fixtureMode,
    ).toBeUndefined()
  })

  it('gets a flag, and is listed in the category flag', () => {
    const flags = answerFlags(schemaFor(catalog)) as Record<string, {description?: string}>
    expect(flags['fixture-mode']?.description).toContain('fast, safe')
    expect(flags.ingress?.description).toContain('fixture-proxy')
  })

  it('is offered by the questionnaire, which then asks its own question', () => {
    let state = startQuestionnaire({name: 'shop', cluster: 'generic', preset: 'minimal'})
    const asked: string[] = []
    for (let guard = 0; guard < 40; guard++) {
      const step = nextStep(state, {catalog})
      state = step.state
      const question = step.question
      if (!question) break
      asked.push(question.id)
      if (question.id === 'ingress' && question.kind === 'select') {
        expect(question.choices.map((choice) => choice.value)).toContain('fixture-proxy')
        state = answerQuestion(state, question, 'fixture-proxy', {catalog}).state
      } else if (question.id === 'fixtureMode') {
        state = answerQuestion(state, question, 'fast', {catalog}).state
      } else {
        const fallback = 'default' in question ? question.default : ''
        state = answerQuestion(state, question, fallback as never, {catalog}).state
      }
    }
    expect(asked).toContain('fixtureMode')
    // Right after its choice; the platform namespace, asked as soon as something lands there, may come first.
    const own = asked.filter((id) => id !== 'namespace')
    expect(own.indexOf('fixtureMode')).toBe(own.indexOf('ingress') + 1)
    expect(state.answers.fixtureMode).toBe('fast')
  })

  it('is planned, wired as the ingress controller, and rendered into the stack', () => {
    const answers = completeAnswers(
      {preset: 'standard', ingress: 'fixture-proxy', fixtureMode: 'fast', domain: 'example.com'},
      catalog,
    )
    const plan = resolvePlan(answers, catalog)
    const component = plan.components.find((entry) => entry.id === 'fixture-proxy')
    expect(component?.reason.text).toBe('chosen by the answer ingress: fixture-proxy')
    expect(plan.exposed.map((ui) => ui.host)).toContain('grafana.example.com')
    expect(plan.wiring).toContainEqual({
      from: 'grafana',
      to: 'fixture-proxy',
      what: 'exposed at https://grafana.example.com',
    })
    const files = renderStackFiles(plan, '0.1.0')
    const platform = plan.layers.find((layer) => layer.id === 'platform')!
    expect(files.get(`${platform.dir}/Chart.yaml`)).toContain('name: fixture-proxy')
    expect(files.get(`${platform.dir}/values.yaml`)).toMatch(/fixture-proxy:\n(.*\n)*?\s+mode: fast/)
    expect(files.get('prodstack.yaml')).toContain('fixtureMode: fast')
  })
})
