import * as Flags from '@oclif/core/flags'

/** --strategy, for the commands that regenerate a stack with hand edits in it. */
export const strategyFlags = {
  strategy: Flags.string({
    description:
      "How to settle a conflict between a hand edit and what prodstack generates now: ours keeps the hand edit, theirs takes prodstack's. Without it, a conflict writes nothing.",
    options: ['ours', 'theirs'],
  }),
}
