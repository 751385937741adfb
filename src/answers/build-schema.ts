/**
 * Builds the answers schema from the catalog: the base questions (answers/base.ts), each category's
 * question from the catalog's category table, and each component's own questions from its module.
 * The build writes the result to schemas/answers.schema.json and src/schema/generated, which the
 * CLI reads, so start-up never loads the catalog to know its flags.
 */
import {type Catalog, choiceOf, choicesOf} from '../catalog/index.js'
import {ANSWERS_API_VERSION, baseProperties, DNS_LABEL_PATTERN, type QuestionMeta} from './base.js'

/** The choices of a category's question, from the catalog: its components, then none (single choice). */
export function categoryChoices(catalog: Catalog, category: string): string[] {
  const ids = choicesOf(catalog, category).map((component) => component.id)
  return choiceOf(catalog, category)?.multiple ? ids : [...ids, 'none']
}

type SchemaProperty = Record<string, unknown> & {'x-prodstack'?: QuestionMeta}

/** The answers schema for a catalog: base questions, category questions and component-owned ones, in questionnaire order. */
export function buildAnswersSchema(catalog: Catalog) {
  const questions: Array<[string, SchemaProperty]> = Object.entries(baseProperties).map(([key, spec]) => [
    key,
    {...spec, ...(key === 'cluster' ? {enum: catalog.clusters.map((flavour) => flavour.id)} : {})},
  ])
  for (const category of catalog.categories) {
    const choice = category.choice
    if (!choice) continue
    const values = categoryChoices(catalog, category.id)
    const meta: QuestionMeta = {
      question: choice.question,
      flag: choice.flag,
      help: choice.help,
      order: choice.order,
    }
    questions.push([
      choice.key,
      choice.multiple
        ? {
            type: 'array',
            uniqueItems: true,
            items: {type: 'string', enum: values},
            description: choice.description,
            'x-prodstack': meta,
          }
        : {type: 'string', enum: values, description: choice.description, 'x-prodstack': meta},
    ])
  }
  for (const component of catalog.components) {
    for (const answer of component.answers ?? []) {
      const meta: QuestionMeta = {
        question: answer.question,
        flag: answer.flag,
        help: answer.help,
        order: answer.order,
        ...(answer.patternMeaning ? {patternMeaning: answer.patternMeaning} : {}),
        ...(answer.example ? {example: answer.example} : {}),
      }
      questions.push([answer.key, {...answer.schema, 'x-prodstack': meta}])
    }
  }
  questions.sort(([, a], [, b]) => a['x-prodstack']!.order - b['x-prodstack']!.order)
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://prodstack.dev/schemas/answers.schema.json',
    title: 'prodstack answers',
    description:
      'Answers for `prodstack init`: which components a production cluster gets and how they are wired. ' +
      'Every key is also a flag and a question.',
    type: 'object',
    additionalProperties: false,
    required: ['apiVersion'],
    properties: {
      $schema: {type: 'string', description: 'Editor hint; ignored.'},
      apiVersion: {const: ANSWERS_API_VERSION, description: 'Version of this answers format.'},
      preset: {
        type: 'string',
        enum: catalog.presets.map((preset) => preset.name),
        description: 'Starting point whose defaults fill every answer not given.',
      },
      ...Object.fromEntries(questions),
      values: {
        type: 'object',
        description:
          'Extra values per dependency alias, merged over what prodstack sets (escape hatch). Secrets belong in Secrets.',
        propertyNames: {pattern: DNS_LABEL_PATTERN},
        additionalProperties: {type: 'object'},
      },
    },
  } as const
}
