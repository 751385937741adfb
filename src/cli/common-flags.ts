import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'
import {PRESETS} from '../answers/schema.js'

export const answersSourceFlags = {
  answers: Flags.string({
    char: 'a',
    description: "Answers file (YAML or JSON), e.g. a stack's prodstack.yaml. Flags override its values.",
    helpGroup: 'INPUT',
  }),
  preset: Flags.string({
    char: 'p',
    description: `Defaults for unanswered questions. One of: ${PRESETS.join(', ')} (default standard).`,
    helpGroup: 'INPUT',
  }),
  values: Flags.string({
    char: 'f',
    description:
      "Values file, as for helm -f: top-level keys are the stack's dependency aliases (e.g. grafana:), merged into the answers' values over what prodstack sets. Repeatable; later files win.",
    multiple: true,
    multipleNonGreedy: true,
    helpGroup: 'INPUT',
  }),
  set: Flags.string({
    description:
      'A value as for helm --set: alias.path=value (comma-separated for several; true, false, null and integers are typed; {a,b} is a list). Repeatable; wins over -f files.',
    multiple: true,
    multipleNonGreedy: true,
    helpGroup: 'INPUT',
  }),
  yes: Flags.boolean({
    char: 'y',
    description: "Take the preset's default for every question not answered by flags or the answers file.",
    helpGroup: 'INPUT',
  }),
}

/** The stack directory argument of the commands that read a written stack. */
export const stackDirArgs = {
  // ignoreStdin: oclif would otherwise take piped input as the directory.
  dir: Args.string({
    description: 'Stack directory (with prodstack.yaml).',
    default: '.',
    ignoreStdin: true,
  }),
}
