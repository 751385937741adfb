import {clusterDefaults, DEFAULT_PRESET, PRESET_DEFINITIONS} from './presets.js'
import {ANSWERS_API_VERSION, type Answers, type AnswersInput, questionKeys} from './schema.js'

/**
 * Fills every unanswered question from the preset (and the cluster flavour's own defaults).
 * Pure: same input, same output. Keys are written in questionnaire order so prodstack.yaml is stable.
 */
export function completeAnswers(input: AnswersInput): Answers {
  const preset = PRESET_DEFINITIONS[input.preset ?? DEFAULT_PRESET]
  const cluster = input.cluster ?? preset.answers.cluster
  const defaults = {...preset.answers, ...clusterDefaults(cluster)} as Record<string, unknown>
  const given = input as Record<string, unknown>
  const answers: Record<string, unknown> = {apiVersion: ANSWERS_API_VERSION, preset: preset.name}
  for (const key of questionKeys()) {
    const value = given[key] ?? defaults[key]
    if (value !== undefined) answers[key] = structuredClone(value)
  }
  answers.values = structuredClone(input.values ?? {})
  return answers as unknown as Answers
}

/** The questions an input leaves open (domain is optional and never "missing"). */
export function missingAnswers(input: AnswersInput): string[] {
  const given = input as Record<string, unknown>
  return questionKeys().filter((key) => key !== 'domain' && given[key] === undefined)
}
