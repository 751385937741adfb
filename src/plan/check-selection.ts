/**
 * The rules between choices, in one place: what the catalog's components require and conflict
 * with, answers that only some component uses (a domain needs an ingress controller, alert
 * receivers an Alertmanager), and a stack that installs nothing. The planner reports every
 * problem at once; the questionnaire shows the same sentences next to choices it cannot offer.
 * Pure: no I/O.
 */

import {schemaFor} from '../answers/catalog-schema.js'
import type {Answers} from '../answers/schema.js'
import {questionMeta} from '../answers/schema.js'
import {type Catalog, choiceOf, flagOf, isChosen, presetOf} from '../catalog/index.js'
import type {Component, Selection} from '../catalog/types.js'
import type {Problem} from '../errors.js'

export interface SelectedComponent {
  component: Component
  /** `chosen` by an answer, or `added` because another choice needs it. */
  reason: {kind: 'chosen' | 'added'; text: string}
}

/** A problem with the selection, in a long and a short form, and the answers it involves. */
export interface SelectionProblem extends Problem {
  /** A few words, for a choice the questionnaire shows as unavailable. */
  short: string
  /** The question keys whose answers make the problem. */
  keys: string[]
  /** The component whose requirement is unmet, when that is the problem. */
  subject?: string
}

/** The question key that chooses a component: its category's, or the first answer it owns. */
export function questionKeyOf(catalog: Catalog, component: Component): string | undefined {
  if (component.chosenBy) return component.chosenByAnswer ?? component.answers?.[0]?.key
  return choiceOf(catalog, component.category)?.key
}

/** Every question answered: the planner's view, after the questionnaire. */
const ALL_DECIDED = () => true

export function selectionOf(selected: readonly SelectedComponent[]): Selection {
  const components = selected.map((entry) => entry.component)
  const ids = new Set(components.map((component) => component.id))
  return {has: (id) => ids.has(id), components}
}

/**
 * The components the answers choose, then those other choices need (cert-manager for TLS, say),
 * until nothing more is added. `decided` limits the choice to the questions answered so far.
 */
export function selectComponents(
  answers: Answers,
  catalog: Catalog,
  decided: (key: string) => boolean = ALL_DECIDED,
): SelectedComponent[] {
  const counts = (component: Component) => {
    const key = questionKeyOf(catalog, component)
    return key === undefined || decided(key)
  }
  const result: SelectedComponent[] = catalog.components
    .filter((component) => counts(component) && isChosen(catalog, component, answers))
    .map((component) => ({
      component,
      reason: {kind: 'chosen', text: chosenReason(catalog, component, answers)},
    }))
  let added = true
  while (added) {
    added = false
    const selection = selectionOf(result)
    for (const component of catalog.components) {
      if (selection.has(component.id) || !counts(component)) continue
      const because = component.neededBy?.(answers, selection)
      if (because) {
        result.push({component, reason: {kind: 'added', text: because}})
        added = true
        break
      }
    }
  }
  return result
}

/** The answer that chose it, as prodstack.yaml says it (true whether a flag, the file or the preset gave it). */
function chosenReason(catalog: Catalog, component: Component, answers: Answers): string {
  const key = questionKeyOf(catalog, component)
  if (key === undefined) return 'chosen'
  const value = answers[key]
  return `chosen by the answer ${key}: ${Array.isArray(value) ? value.join(', ') : String(value)}`
}

/** `a`, `a or b`, `a, b or c`. */
export function listOf(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`
}

/** The short reason of a retired choice, by which the planner recognises the refusal. */
export const NEEDS_ALLOW_RETIRED = 'needs --allow-retired'

/** The short reason of the empty-stack problem, by which the questionnaire recognises it. */
export const EMPTY_STACK = 'the stack would install nothing'

/**
 * Every problem with the selection. With `decided`, only rules whose every answer is decided are
 * checked (the questionnaire, part-way through).
 */
export function checkSelection(
  answers: Answers,
  catalog: Catalog,
  decided: (key: string) => boolean = ALL_DECIDED,
  selected: readonly SelectedComponent[] = selectComponents(answers, catalog, decided),
): SelectionProblem[] {
  const selection = selectionOf(selected)
  const byId = new Map(catalog.components.map((component) => [component.id, component]))
  const title = (id: string) => byId.get(id)?.title ?? id
  const keyOf = (id: string) => {
    const component = byId.get(id)
    return component ? questionKeyOf(catalog, component) : undefined
  }
  const problems: SelectionProblem[] = []

  for (const {component} of selected) {
    const own = questionKeyOf(catalog, component)
    for (const requirement of component.requires ?? []) {
      const anyOf = requirement.anyOf ?? []
      const answer = requirement.answer
      const met = answer ? Boolean(answers[answer]) : anyOf.some((id) => selection.has(id))
      if (met) continue
      const keys = unique([own, answer, ...anyOf.map(keyOf)])
      if (!keys.every(decided)) continue
      const needs = answer ? `--${questionMeta(answer, schemaFor(catalog)).flag}` : listOf(anyOf.map(title))
      problems.push({
        source: flagOf(catalog, component),
        message: `${component.title} needs ${needs}: ${requirement.why}`,
        hint: requirement.fix,
        short: `needs ${answer ? needs : listOf(anyOf)}`,
        keys,
        subject: component.id,
      })
    }
    for (const conflict of component.conflicts ?? []) {
      // Each conflicting pair once, from the component whose id sorts first.
      if (!selection.has(conflict.with) || component.id > conflict.with) continue
      problems.push({
        source: flagOf(catalog, component),
        message: `${component.title} and ${title(conflict.with)} cannot run together: ${conflict.why}`,
        hint: conflict.fix,
        short: `conflicts with ${conflict.with}`,
        keys: unique([own, keyOf(conflict.with)]),
      })
    }
  }

  for (const {component} of selected) {
    const {status, note, alternatives, unfixed} = component.lifecycle
    const own = questionKeyOf(catalog, component)
    if (status !== 'retired' || answers.allowRetired === true || (own && !decided(own))) continue
    const flag = flagOf(catalog, component)
    const instead = (alternatives ?? []).map((id) => `${flag} ${id}`)
    problems.push({
      source: flag,
      message: `${component.title} is retired: ${note}${unfixed ? ` ${unfixed}` : ''}`,
      hint: `choose ${listOf(instead)}, or pass --allow-retired to install it anyway`,
      short: NEEDS_ALLOW_RETIRED,
      keys: unique([own]),
      subject: component.id,
    })
  }

  for (const {component} of selected) {
    if (!component.layeredOnly || answers.layout !== 'single') continue
    const own = questionKeyOf(catalog, component)
    if (!decided('layout') || (own && !decided(own))) continue
    problems.push({
      source: '--layout',
      message: `--layout single cannot install ${component.title}: ${component.layeredOnly}`,
      hint: `use --layout layered (the default), which installs its CRDs in a release of their own first`,
      short: 'needs --layout layered',
      keys: unique([own, 'layout']),
      subject: component.id,
    })
  }

  problems.push(...unusedAnswers(answers, catalog, selection, decided))

  const everyKeyDecided =
    decided === ALL_DECIDED ||
    catalog.components.every((component) => {
      const key = questionKeyOf(catalog, component)
      return key === undefined || decided(key)
    })
  if (everyKeyDecided && selected.length === 0) {
    problems.push({
      source: 'answers',
      message: 'the stack installs nothing: every category is none',
      hint: 'choose at least one component, for example --ingress traefik, or start from --preset minimal',
      short: EMPTY_STACK,
      // Every answer that chooses a component takes part: the last one decided could still save it.
      keys: unique(catalog.components.map((component) => questionKeyOf(catalog, component))),
    })
  }
  return problems
}

/** Answers given while no chosen component uses them (a domain without an ingress controller). */
function unusedAnswers(
  answers: Answers,
  catalog: Catalog,
  selection: Selection,
  decided: (key: string) => boolean,
): SelectionProblem[] {
  const schema = schemaFor(catalog)
  const problems: SelectionProblem[] = []
  for (const [key, spec] of Object.entries(schema.properties)) {
    const usedBy = (spec as {'x-prodstack'?: {usedBy?: {subject: string; needs: string}}})['x-prodstack']
      ?.usedBy
    const value = answers[key]
    if (
      !usedBy ||
      !decided(key) ||
      value === undefined ||
      value === '' ||
      (Array.isArray(value) && !value.length)
    )
      continue
    const users = catalog.components.filter((component) => component.uses?.includes(key))
    if (users.length === 0 || users.some((component) => selection.has(component.id))) continue
    const userKeys = unique(users.map((component) => questionKeyOf(catalog, component)))
    if (!userKeys.every(decided)) continue
    const preset = presetOf(catalog, catalog.defaultPreset)
    const preferred =
      users.find((component) => isChosen(catalog, component, preset.answers as Answers)) ?? users[0]!
    const userFlag = flagOf(catalog, preferred)
    const current = userKeys[0] ? String(answers[userKeys[0]] ?? 'none') : 'none'
    const subject = usedBy.subject.replace('{value}', String(value))
    const ownFlag = `--${questionMeta(key, schema).flag}`
    problems.push({
      source: ownFlag,
      message: `${subject} need ${usedBy.needs}, but ${userFlag} is ${current}`,
      hint:
        typeof value === 'string'
          ? `pass ${userFlag} ${preferred.id}, or leave ${ownFlag} empty`
          : `pass ${userFlag} ${preferred.id}`,
      short: `${subject} need ${usedBy.needs}`,
      keys: unique([key, ...userKeys]),
    })
  }
  return problems
}

function unique(keys: Array<string | undefined>): string[] {
  return [...new Set(keys.filter((key): key is string => key !== undefined))]
}
