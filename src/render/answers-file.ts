import {stringify} from 'yaml'
import type {Answers} from '../answers/schema.js'

/** prodstack.yaml: the complete answers, so `prodstack init --answers prodstack.yaml` regenerates the stack. */
export function renderAnswersFile(answers: Answers): string {
  const header =
    '# The answers this stack was generated from. Edit, then regenerate from this directory with:\n' +
    '#   prodstack init --answers prodstack.yaml --force .\n'
  return header + stringify(answers, {lineWidth: 0})
}
