import {describe, expect, it} from 'vitest'
import {answersOfEarlierStack} from '../../src/answers/complete.js'
import type {AnswersInput} from '../../src/answers/schema.js'

describe("a stack's prodstack.yaml written before an answer existed", () => {
  it('takes the value the stack was generated with, where the answer applies', () => {
    expect(answersOfEarlierStack({mesh: 'istio'} as AnswersInput)).toMatchObject({istioMode: 'sidecar'})
  })

  it('keeps an answer the file gives, and adds none that does not apply', () => {
    expect(answersOfEarlierStack({mesh: 'istio', istioMode: 'ambient'} as AnswersInput).istioMode).toBe(
      'ambient',
    )
    expect(answersOfEarlierStack({mesh: 'linkerd'} as AnswersInput)).not.toHaveProperty('istioMode')
    expect(answersOfEarlierStack({preset: 'minimal'} as AnswersInput)).not.toHaveProperty('istioMode')
  })
})
