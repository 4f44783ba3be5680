/**
 * The PostgreSQL parser is WebAssembly, loaded once and asynchronously at policy load. A policy
 * compiled before it loaded, or after it failed to, does not load: each sql condition is a fault.
 * (vitest gives each test file its own modules, so here the parser starts unloaded.)
 */
import { describe, expect, it, vi } from 'vitest'
import { faultsOf } from './helpers.js'

const TEXT = 'rules:\n  - { id: r, effect: allow, agents: [a], tools: [t], when: [{ pointer: /q, sql: { readOnly: true } }] }\n'

describe('sql: a parser that is not loaded is a load fault (fail closed)', () => {
  it('before loadPolicyParsers, compilePolicy names the fault at the condition', () => {
    expect(faultsOf([{ path: 's.yaml', text: TEXT }]).map((f) => `${f.line}:${f.col}: ${f.message}`)).toEqual([
      '2:81: rules.0.when.0.sql: the PostgreSQL parser is not loaded: call loadPolicyParsers() before compilePolicy (loadPolicy does)',
    ])
  })

  it('a parser whose WebAssembly fails to start makes every sql rule a fault, and the rest still loads', async () => {
    vi.resetModules()
    vi.doMock('libpg-query', () => ({ loadModule: () => Promise.reject(new Error('WebAssembly.instantiate(): out of memory')) }))
    const { loadPolicyParsers, compilePolicy } = await import('../../src/policy/index.js')
    await loadPolicyParsers()
    expect(() => compilePolicy([{ path: 's.yaml', text: TEXT }])).toThrow('rules.0.when.0.sql: the PostgreSQL parser failed to load: WebAssembly.instantiate(): out of memory')
    expect(compilePolicy([{ path: 'p.yaml', text: 'rules:\n  - { id: r, effect: allow, agents: [a], tools: [t] }\n' }]).ruleCount).toBe(1)
    vi.doUnmock('libpg-query')
  })
})
