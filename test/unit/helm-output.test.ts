import {describe, expect, it} from 'vitest'
import {lintMessages} from '../../src/io/helm.js'

const HELM3_LINT = `==> Linting /tmp/s/02-network
[INFO] Chart.yaml: icon is recommended
[ERROR] templates/: template: net/templates/bad.yaml:1:13: executing "net/templates/bad.yaml" at <.Values.nope.deeper>: nil pointer evaluating interface {}.deeper
[WARNING] /tmp/s/02-network: chart directory is missing these dependencies: cilium

Error: 1 chart(s) linted, 1 chart(s) failed
`

// Helm 4 continues a message on indented lines.
const HELM4_LINT = `==> Linting /tmp/s/02-network
[INFO] Chart.yaml: icon is recommended
[ERROR] templates/: net/templates/bad.yaml:1:13
  executing "net/templates/bad.yaml" at <.Values.nope.deeper>:
    nil pointer evaluating interface {}.deeper
[WARNING] /tmp/s/02-network: chart directory is missing these dependencies: cilium

Error: 1 chart(s) linted, 1 chart(s) failed
`

describe('lintMessages', () => {
  it('reads the errors and warnings of Helm 3 and Helm 4, without [INFO] and the summary', () => {
    const warning = '/tmp/s/02-network: chart directory is missing these dependencies: cilium'
    expect(
      lintMessages({ok: false, stdout: HELM3_LINT, stderr: 'Error: 1 chart(s) linted, 1 chart(s) failed\n'}),
    ).toEqual({
      errors: [
        'templates/: template: net/templates/bad.yaml:1:13: executing "net/templates/bad.yaml" at <.Values.nope.deeper>: nil pointer evaluating interface {}.deeper',
      ],
      warnings: [warning],
    })
    expect(lintMessages({ok: false, stdout: HELM4_LINT, stderr: ''})).toEqual({
      errors: [
        'templates/: net/templates/bad.yaml:1:13 executing "net/templates/bad.yaml" at <.Values.nope.deeper>: nil pointer evaluating interface {}.deeper',
      ],
      warnings: [warning],
    })
  })

  it('has no messages for a clean chart, and takes the Error: line when there is no [ERROR]', () => {
    expect(
      lintMessages({ok: true, stdout: '==> Linting x\n[INFO] Chart.yaml: icon is recommended\n', stderr: ''}),
    ).toEqual({
      errors: [],
      warnings: [],
    })
    expect(
      lintMessages({
        ok: false,
        stdout: '',
        stderr: 'Error: unable to check Chart.yaml file in chart: no such file\n',
      }),
    ).toEqual({errors: ['Error: unable to check Chart.yaml file in chart: no such file'], warnings: []})
  })
})
