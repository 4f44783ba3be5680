import { runInNewContext } from 'node:vm'
import { describe, expect, it } from 'vitest'
import { canonicalBytes } from '../../src/canonical/index.js'
import type { JsonValue } from '../../src/canonical/index.js'
import { canon, rejection, utf8 } from './helpers.js'

/**
 * Runs a lodash-style naive deep merge of JSON text in a fresh realm, the way a JavaScript
 * executor might treat the forwarded bytes, and reports whether Object.prototype was reached.
 */
function pollutesExecutor(json: string): boolean {
  const script = `
    function merge(t, s) {
      for (const k in s) {
        const v = s[k]
        if (v !== null && typeof v === 'object') {
          if (t[k] === null || (typeof t[k] !== 'object' && typeof t[k] !== 'function')) t[k] = {}
          merge(t[k], v)
        } else t[k] = v
      }
    }
    merge({}, JSON.parse(input));
    Object.prototype.polluted !== undefined`
  return runInNewContext(script, { input: json }) as boolean
}

describe('prototype keys', () => {
  it.each([
    ['__proto__ at the top level', '{"__proto__":{"polluted":true}}'],
    ['__proto__ deep inside arrays', '[{"a":[{"__proto__":1}]}]'],
    ['__proto__ spelled with escapes', '{"\\u005f_proto__":{}}'],
    ['constructor holding prototype', '{"constructor":{"prototype":{"polluted":true}}}'],
    ['constructor holding prototype, nested', '{"x":{"constructor":{"a":1,"prototype":{}}}}'],
  ])('rejects %s with ERR_CANONICAL_PROTO_KEY', (_name, s) => {
    const e = rejection(s)
    expect(e.code).toBe('ERR_CANONICAL_PROTO_KEY')
    expect(e.status).toBe(400)
  })

  it.each([
    ['a constructor key holding other keys', '{"constructor":{"name":"x"}}', '{"constructor":{"name":"x"}}'],
    ['a prototype key outside constructor', '{"prototype":{"a":1}}', '{"prototype":{"a":1}}'],
    ['a constructor key holding a string', '{"constructor":"prototype"}', '{"constructor":"prototype"}'],
  ])('accepts %s', (_name, s, out) => {
    expect(canon(s)).toBe(out)
  })

  it('keeps an accepted __proto__ key as an own property when rejectPrototypeKeys is false', () => {
    const r = canonicalBytes(utf8('{"__proto__":{"polluted":true},"a":1}'), { rejectPrototypeKeys: false })
    const v = r.value as Record<string, JsonValue>
    expect(new TextDecoder().decode(r.bytes)).toBe('{"__proto__":{"polluted":true},"a":1}')
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype)
    expect(Object.hasOwn(v, '__proto__')).toBe(true)
    expect(Object.keys(v)).toEqual(['__proto__', 'a'])
    expect(v).toEqual(JSON.parse('{"__proto__":{"polluted":true},"a":1}'))
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined()
  })

  it('still rejects a duplicate __proto__ key when rejectPrototypeKeys is false', () => {
    expect(rejection('{"__proto__":1,"__proto__":2}', { rejectPrototypeKeys: false }).code).toBe('ERR_CANONICAL_DUPLICATE_KEY')
  })

  it('never pollutes Object.prototype while parsing, whatever the options', () => {
    const body = utf8('{"constructor":{"prototype":{"polluted":1}},"__proto__":{"polluted":2},"a":{"__proto__":{"polluted":3}}}')
    const r = canonicalBytes(body, { rejectPrototypeKeys: false })
    expect(Object.getPrototypeOf(r.value)).toBe(Object.prototype)
    expect(Object.getPrototypeOf((r.value as Record<string, JsonValue>)['a'])).toBe(Object.prototype)
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined()
  })

  it('rejects exactly the shapes that let a naive executor merge reach Object.prototype', () => {
    for (const s of ['{"__proto__":{"polluted":1}}', '{"constructor":{"prototype":{"polluted":1}}}']) {
      expect(pollutesExecutor(s)).toBe(true)
      expect(rejection(s).code).toBe('ERR_CANONICAL_PROTO_KEY')
    }
  })

  it('accepts only bodies whose canonical bytes a naive executor merge cannot use to pollute', () => {
    const accepted = ['{"prototype":{"polluted":1}}', '{"a":{"proto":{"polluted":1}}}', '{"constructor":"x","b":[{"prototype":1}]}']
    for (const s of accepted) expect(pollutesExecutor(new TextDecoder().decode(canonicalBytes(utf8(s)).bytes))).toBe(false)
  })

  it('returns plain objects that deep-equal JSON.parse of the canonical bytes', () => {
    const r = canonicalBytes(utf8('{"toString":1,"hasOwnProperty":{"valueOf":[]},"b":{"c":[null,true,"x",-0]}}'))
    expect(r.value).toStrictEqual(JSON.parse(new TextDecoder().decode(r.bytes)))
    expect(Object.getPrototypeOf(r.value)).toBe(Object.prototype)
    expect(canonicalBytes(utf8('{"constructor":{}}')).value).toEqual({ constructor: {} })
  })
})
