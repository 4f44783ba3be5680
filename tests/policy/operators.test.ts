import { describe, expect, it } from 'vitest'
import type { JsonValue } from '../../src/policy/index.js'
import { allowWhen, decide } from './helpers.js'

interface Case { op: string; cond: Record<string, unknown>; allow: JsonValue; deny: JsonValue }

/** Each operator with one value it admits and one it refuses (the deny is the default deny). */
const CASES: Case[] = [
  { op: 'equals', cond: { pointer: '/x', equals: { a: [1, 'b'] } }, allow: { x: { a: [1, 'b'] } }, deny: { x: { a: [1, 'c'] } } },
  { op: 'in', cond: { pointer: '/x', in: ['ls', 'cat'] }, allow: { x: 'cat' }, deny: { x: 'rm' } },
  { op: 'notIn', cond: { pointer: '/x', notIn: ['rm', 'dd'] }, allow: { x: 'ls' }, deny: { x: 'rm' } },
  { op: 'exists', cond: { pointer: '/x', exists: true }, allow: { x: null }, deny: { y: 1 } },
  { op: 'absent', cond: { pointer: '/x', absent: true }, allow: { y: 1 }, deny: { x: null } },
  { op: 'type string', cond: { pointer: '/x', type: 'string' }, allow: { x: 's' }, deny: { x: 1 } },
  { op: 'type number', cond: { pointer: '/x', type: 'number' }, allow: { x: 1.5 }, deny: { x: '1.5' } },
  { op: 'type integer', cond: { pointer: '/x', type: 'integer' }, allow: { x: 3 }, deny: { x: 3.5 } },
  { op: 'type boolean', cond: { pointer: '/x', type: 'boolean' }, allow: { x: false }, deny: { x: 0 } },
  { op: 'type object', cond: { pointer: '/x', type: 'object' }, allow: { x: {} }, deny: { x: [] } },
  { op: 'type array', cond: { pointer: '/x', type: 'array' }, allow: { x: [] }, deny: { x: {} } },
  { op: 'type null', cond: { pointer: '/x', type: 'null' }, allow: { x: null }, deny: { x: 'null' } },
  { op: 'min', cond: { pointer: '/x', min: 10 }, allow: { x: 10 }, deny: { x: 9.99 } },
  { op: 'max', cond: { pointer: '/x', max: 10 }, allow: { x: 10 }, deny: { x: 10.01 } },
  { op: 'minLength', cond: { pointer: '/x', minLength: 2 }, allow: { x: '😀😀' }, deny: { x: '😀' } },
  { op: 'maxLength', cond: { pointer: '/x', maxLength: 2 }, allow: { x: '😀😀' }, deny: { x: 'abc' } },
  { op: 'maxItems', cond: { pointer: '/x', maxItems: 2 }, allow: { x: [1, 2] }, deny: { x: [1, 2, 3] } },
  { op: 'prefix', cond: { pointer: '/x', prefix: 'https://' }, allow: { x: 'https://a/' }, deny: { x: 'http://a/' } },
  { op: 'pattern', cond: { pointer: '/x', pattern: '^[a-z]+$' }, allow: { x: 'abc' }, deny: { x: 'abc1' } },
  { op: 'pathUnder', cond: { pointer: '/x', pathUnder: '/workspace' }, allow: { x: '/workspace/a/b.txt' }, deny: { x: '/workspace/../etc/passwd' } },
  { op: 'urlHost', cond: { pointer: '/x', urlHost: ['ok.com'] }, allow: { x: 'https://ok.com/a' }, deny: { x: 'https://ok.com@evil.com/' } },
  { op: 'each', cond: { pointer: '/x', each: { pointer: '', type: 'string' } }, allow: { x: ['a', 'b'] }, deny: { x: ['a', 1] } },
  { op: 'allOf', cond: { allOf: [{ pointer: '/x', min: 1 }, { pointer: '/x', max: 3 }] }, allow: { x: 2 }, deny: { x: 4 } },
  { op: 'anyOf', cond: { anyOf: [{ pointer: '/x', equals: 1 }, { pointer: '/x', equals: 3 }] }, allow: { x: 3 }, deny: { x: 2 } },
  { op: 'not', cond: { not: { pointer: '/x', equals: 'rm' } }, allow: { x: 'ls' }, deny: { x: 'rm' } },
]

describe('condition operators', () => {
  it.each(CASES)('$op admits a value it holds for', ({ cond, allow }) => {
    const d = decide(allowWhen(cond), allow)
    expect(d.decision).toBe('allow')
    expect(d.ruleIds).toEqual(['r'])
  })

  it.each(CASES)('$op denies a value it does not hold for', ({ cond, deny }) => {
    const d = decide(allowWhen(cond), deny)
    expect(d.decision).toBe('deny')
    expect(d.code).toBe('ERR_POLICY_NO_MATCH')
    expect(d.reasons.some((r) => r.rule === 'r' && !r.held)).toBe(true)
  })
})

describe('operator details', () => {
  it('pattern searches: an unanchored pattern matches anywhere', () => {
    expect(decide(allowWhen({ pointer: '/x', pattern: 'env' }), { x: '/a/.env/b' }).decision).toBe('allow')
  })

  it('pattern runs in linear time on a classic catastrophic-backtracking input', () => {
    const d = decide(allowWhen({ pointer: '/x', pattern: '^(a+)+$' }), { x: 'a'.repeat(5000) + '!' })
    expect(d.decision).toBe('deny')
  })

  it('each holds for an empty array', () => {
    expect(decide(allowWhen({ pointer: '/x', each: { pointer: '', type: 'string' } }), { x: [] }).decision).toBe('allow')
  })

  it('each resolves nested pointers relative to each element', () => {
    const p = allowWhen({ pointer: '/files', each: { pointer: '/path', pathUnder: '/ws' } })
    expect(decide(p, { files: [{ path: '/ws/a' }, { path: '/ws/b' }] }).decision).toBe('allow')
    expect(decide(p, { files: [{ path: '/ws/a' }, { name: '/ws/b' }] }).decision).toBe('deny')
  })

  it('a combinator with a pointer evaluates its children relative to that value', () => {
    const p = allowWhen({ pointer: '/opts', allOf: [{ pointer: '/n', equals: 1 }] })
    expect(decide(p, { opts: { n: 1 } }).decision).toBe('allow')
    expect(decide(p, { n: 1 }).decision).toBe('deny')
  })

  it('not with a pointer is false when the pointer addresses nothing', () => {
    const p = allowWhen({ pointer: '/x', not: { pointer: '', equals: 'rm' } })
    expect(decide(p, { x: 'ls' }).decision).toBe('allow')
    expect(decide(p, {}).decision).toBe('deny')
  })

  it('equals compares objects regardless of key order and numbers by value', () => {
    const p = allowWhen({ pointer: '', equals: { a: 1, b: [true, null] } })
    expect(decide(p, { b: [true, null], a: 1.0 }).decision).toBe('allow')
    expect(decide(p, { a: 1, b: [true, null], c: 0 }).decision).toBe('deny')
  })

  it('in matches structured values too', () => {
    const p = allowWhen({ pointer: '/x', in: [[1, 2], { k: 'v' }] })
    expect(decide(p, { x: { k: 'v' } }).decision).toBe('allow')
    expect(decide(p, { x: [2, 1] }).decision).toBe('deny')
  })

  it('urlHost accepts a single host string', () => {
    const p = allowWhen({ pointer: '/u', urlHost: 'ok.com' })
    expect(decide(p, { u: 'https://ok.com/' }).decision).toBe('allow')
    expect(decide(p, { u: 'https://ok.com.evil.com/' }).decision).toBe('deny')
  })

  it('addresses array elements and escaped keys by RFC 6901 pointer', () => {
    const p = allowWhen({ pointer: '/a~1b/m~0n/1', equals: 'y' })
    expect(decide(p, { 'a/b': { 'm~n': ['x', 'y'] } }).decision).toBe('allow')
    expect(decide(p, { 'a/b': { 'm~n': { 1: 'y' } } }).decision).toBe('allow')
    expect(decide(allowWhen({ pointer: '/a/01', equals: 'y' }), { a: ['x', 'y'] }).decision).toBe('deny')
    expect(decide(allowWhen({ pointer: '/a/-', exists: true }), { a: ['x'] }).decision).toBe('deny')
  })
})
