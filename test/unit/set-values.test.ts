import {describe, expect, it} from 'vitest'
import {mergeValues, parseSet} from '../../src/answers/set-values.js'

describe('--set, as Helm reads it', () => {
  it('types true, false, null and integers, and leaves everything else a string', () => {
    expect(
      parseSet('grafana.replicas=2,grafana.enabled=true,grafana.x=null,grafana.y=1.5,grafana.z=007'),
    ).toEqual({
      grafana: {replicas: 2, enabled: true, x: null, y: '1.5', z: '007'},
    })
  })

  it('reads lists, list items and escaped dots and commas', () => {
    expect(parseSet('traefik.ports={80,443}')).toEqual({traefik: {ports: [80, 443]}})
    expect(parseSet('grafana.extra[1].name=b')).toEqual({grafana: {extra: [null, {name: 'b'}]}})
    expect(parseSet('grafana.podAnnotations.prometheus\\.io/scrape=true')).toEqual({
      grafana: {podAnnotations: {'prometheus.io/scrape': true}},
    })
    expect(parseSet('grafana.note=a\\,b')).toEqual({grafana: {note: 'a,b'}})
  })

  it('refuses what names no value of a chart, with the form to write', () => {
    expect(parseSet('grafana')).toBe('"grafana" has no =value (write alias.path=value)')
    expect(parseSet('replicas=2')).toMatch(
      /^"replicas" names no value inside a chart: start with the dependency alias/,
    )
    expect(parseSet('grafana..x=1')).toBe('"grafana..x" has an empty key')
    expect(parseSet('grafana.__proto__.x=1')).toBe('"grafana.__proto__.x": __proto__ is not a values key')
    expect(parseSet('grafana.a[5000]=1')).toMatch(/list index 5000 is too large/)
  })
})

describe('merging values', () => {
  it('merges maps key by key and replaces lists and scalars, the later source winning', () => {
    expect(
      mergeValues(
        {grafana: {replicas: 1, env: {A: '1'}, list: [1, 2]}},
        {grafana: {env: {B: '2'}, list: [3]}},
      ),
    ).toEqual({grafana: {replicas: 1, env: {A: '1', B: '2'}, list: [3]}})
  })

  it('keeps a key named __proto__ a key', () => {
    const merged = mergeValues({}, JSON.parse('{"__proto__": {"polluted": true}}'))
    expect(Object.keys(merged)).toEqual(['__proto__'])
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })
})
