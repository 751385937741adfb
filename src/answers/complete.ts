import {CATALOG, type Catalog, clusterOf, presetOf} from '../catalog/index.js'
import {schemaFor} from './catalog-schema.js'
import {ANSWERS_API_VERSION, type Answers, type AnswersInput, questionKeys} from './schema.js'

const ownDefaultsCache = new WeakMap<Catalog, Record<string, unknown>>()

/** The defaults of the answers components own, per catalog. */
function ownDefaults(catalog: Catalog): Record<string, unknown> {
  let defaults = ownDefaultsCache.get(catalog)
  if (!defaults) {
    defaults = Object.fromEntries(
      catalog.components.flatMap((component) =>
        (component.answers ?? [])
          .filter((answer) => answer.default !== undefined)
          .map((answer) => [answer.key, answer.default]),
      ),
    )
    ownDefaultsCache.set(catalog, defaults)
  }
  return defaults
}

/** Every answer's default: component-owned defaults, then the preset, then what the cluster flavour brings. */
export function defaultAnswers(input: AnswersInput, catalog: Catalog = CATALOG): Record<string, unknown> {
  const preset = presetOf(catalog, input.preset)
  const own = ownDefaults(catalog)
  const cluster = String(input.cluster ?? preset.answers.cluster)
  const flavour = catalog.clusters.some((spec) => spec.id === cluster)
    ? clusterOf(catalog, cluster)
    : undefined
  return {...own, ...preset.answers, ...flavour?.defaults}
}

/**
 * Fills every unanswered question from the preset (and the cluster flavour's own defaults).
 * Pure: same input, same output. Keys are written in questionnaire order so prodstack.yaml is stable.
 */
export function completeAnswers(input: AnswersInput, catalog: Catalog = CATALOG): Answers {
  const preset = presetOf(catalog, input.preset)
  const defaults = defaultAnswers(input, catalog)
  const answers: Record<string, unknown> = {apiVersion: ANSWERS_API_VERSION, preset: preset.name}
  for (const key of questionKeys(schemaFor(catalog))) {
    const value = input[key] ?? defaults[key]
    if (value !== undefined) answers[key] = structuredClone(value)
  }
  answers.values = structuredClone(input.values ?? {})
  return answers as unknown as Answers
}

/** The questions an input leaves open (those with no default, like domain, are never "missing"). */
export function missingAnswers(input: AnswersInput, catalog: Catalog = CATALOG): string[] {
  const defaults = defaultAnswers(input, catalog)
  return questionKeys(schemaFor(catalog)).filter(
    (key) => defaults[key] !== undefined && input[key] === undefined,
  )
}

/**
 * Answers read from a stack's own prodstack.yaml. prodstack writes every answer there, so one that
 * is missing was added after the stack was written: it takes the value the stack was generated
 * with (`earlierStacks`), where it applies, instead of the default for new stacks.
 */
export function answersOfEarlierStack(input: AnswersInput, catalog: Catalog = CATALOG): AnswersInput {
  const completed = completeAnswers(input, catalog)
  const filled: Record<string, unknown> = {}
  for (const component of catalog.components)
    for (const answer of component.answers ?? [])
      if (
        answer.earlierStacks !== undefined &&
        input[answer.key as keyof AnswersInput] === undefined &&
        (answer.applies?.(completed) ?? true)
      )
        filled[answer.key] = structuredClone(answer.earlierStacks)
  return Object.keys(filled).length > 0 ? {...input, ...filled} : input
}
