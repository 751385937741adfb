import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {failureDetail, lintMessages, probeHelm} from '../../src/io/helm.js'

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

// `helm dependency update` offline: the cause on stdout, a consequence on stderr.
const OFFLINE = {
  exitCode: 1,
  timedOut: false,
  stdout: `Getting updates for unmanaged Helm repositories...
...Unable to get an update from the "https://traefik.github.io/charts" chart repository:
\tGet "https://traefik.github.io/charts/index.yaml": dial tcp: lookup traefik.github.io on 10.0.0.53:53: no such host
...Unable to get an update from the "https://kubernetes-sigs.github.io/metrics-server/" chart repository:
\tGet "https://kubernetes-sigs.github.io/metrics-server/index.yaml": dial tcp: lookup kubernetes-sigs.github.io on 10.0.0.53:53: no such host
`,
  stderr: `Error: no cached repository for helm-manager-3f72 found. (try 'helm repo update'): open /home/u/.cache/helm/repository/helm-manager-3f72-index.yaml: no such file or directory
`,
}

describe('failureDetail', () => {
  it('keeps the cause of an unreachable repository, whole, and drops the consequence', () => {
    expect(failureDetail(OFFLINE)).toBe(
      'cannot reach https://traefik.github.io/charts: Get "https://traefik.github.io/charts/index.yaml": dial tcp: lookup traefik.github.io on 10.0.0.53:53: no such host; ' +
        'cannot reach https://kubernetes-sigs.github.io/metrics-server/: Get "https://kubernetes-sigs.github.io/metrics-server/index.yaml": dial tcp: lookup kubernetes-sigs.github.io on 10.0.0.53:53: no such host',
    )
  })

  it("keeps Helm's error when it is not only a consequence, and never cuts it", () => {
    const long = `Error: could not download oci://example.com/charts/x: ${'a'.repeat(300)}: dial tcp: lookup example.com: no such host`
    expect(failureDetail({exitCode: 1, timedOut: false, stdout: '', stderr: `${long}\n`})).toBe(long.slice(7))
    expect(
      failureDetail({...OFFLINE, stderr: 'Error: chart.yaml: version is required\n'}).endsWith(
        '; chart.yaml: version is required',
      ),
    ).toBe(true)
    expect(failureDetail({exitCode: 3, timedOut: false, stdout: '', stderr: ''})).toBe('exit code 3')
    expect(failureDetail({exitCode: undefined, timedOut: true, stdout: '', stderr: ''})).toBe('timed out')
  })
})

describe('probeHelm', () => {
  it('says in a few words why a helm binary cannot be used', async () => {
    expect(await probeHelm('helm-not-installed-anywhere')).toEqual({
      unavailable: 'helm-not-installed-anywhere is not on PATH',
    })
    expect(await probeHelm('/nonexistent/helm')).toEqual({unavailable: '/nonexistent/helm does not exist'})
    const file = join(mkdtempSync(join(tmpdir(), 'prodstack-helm-')), 'helm')
    writeFileSync(file, '#!/bin/sh\n', {mode: 0o644})
    expect(await probeHelm(file)).toEqual({unavailable: `${file} is not executable`})
    expect(await probeHelm('false')).toEqual({unavailable: 'false version failed: exit code 1'})
  })
})
