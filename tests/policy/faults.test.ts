import { describe, expect, it } from 'vitest'
import { faultsOf } from './helpers.js'

const HEAD = 'rules:\n  - id: r1\n    effect: allow\n    agents: [a]\n    tools: [t]\n'

/** The one fault of a single YAML file. */
function oneFault(text: string, path = 'p.yaml'): { file: string; line: number; col: number; message: string } {
  const faults = faultsOf([{ path, text }])
  expect(faults.length).toBeGreaterThanOrEqual(1)
  return faults[0] as { file: string; line: number; col: number; message: string }
}

describe('policy load faults name file:line:col and what was expected', () => {
  it('reports an unknown key at the key', () => {
    const f = oneFault(`${HEAD}    colour: red\n`)
    expect(f).toMatchObject({ file: 'p.yaml', line: 6, col: 5 })
    expect(f.message).toContain('colour')
  })

  it('reports a condition with two operators', () => {
    const f = oneFault(`${HEAD}    when:\n      - { pointer: /x, equals: 1, in: [1] }\n`)
    expect(f).toMatchObject({ line: 7, col: 9 })
    expect(f.message).toContain('exactly one operator')
  })

  it('reports a condition with no operator', () => {
    const f = oneFault(`${HEAD}    when:\n      - { pointer: /x }\n`)
    expect(f.line).toBe(7)
    expect(f.message).toContain('got none')
  })

  it('reports a leaf operator without a pointer', () => {
    const f = oneFault(`${HEAD}    when:\n      - { equals: 1 }\n`)
    expect(f.line).toBe(7)
    expect(f.message).toContain('pointer')
  })

  it('reports a pointer that is not RFC 6901', () => {
    const f = oneFault(`${HEAD}    when:\n      - { pointer: x/y, exists: true }\n`)
    expect(f).toMatchObject({ line: 7, col: 20 })
    expect(f.message).toContain('RFC 6901')
  })

  it('reports a bad ~ escape in a pointer', () => {
    expect(oneFault(`${HEAD}    when:\n      - { pointer: /a~2, exists: true }\n`).message).toContain('RFC 6901')
  })

  it('reports a missing required field', () => {
    const f = oneFault('rules:\n  - id: r1\n    agents: [a]\n    tools: [t]\n')
    expect(f.line).toBe(2)
    expect(f.message).toContain('effect')
  })

  it('reports an effect that is neither allow nor deny', () => {
    const f = oneFault(HEAD.replace('effect: allow', 'effect: permit'))
    expect(f).toMatchObject({ line: 3, col: 13 })
    expect(f.message).toMatch(/allow/)
  })

  it('reports a tool that is neither a name nor a trailing-* prefix', () => {
    expect(oneFault(HEAD.replace('tools: [t]', 'tools: ["fs.*.read"]')).line).toBe(5)
  })

  it('reports a duplicate key in YAML', () => {
    const f = oneFault(`${HEAD}    effect: deny\n`)
    expect(f).toMatchObject({ line: 6 })
    expect(f.message).toMatch(/unique/i)
  })

  it('reports a duplicate key in JSON', () => {
    const f = oneFault('{\n  "rules": [],\n  "rules": []\n}\n', 'p.json')
    expect(f).toMatchObject({ file: 'p.json', line: 3 })
  })

  it('reports a YAML syntax error', () => {
    const f = oneFault('rules: [\n  {id: r1\n')
    expect(f.file).toBe('p.yaml')
    expect(f.line).toBeGreaterThanOrEqual(1)
  })

  it('reports a YAML-only value that JSON cannot hold', () => {
    const f = oneFault(`${HEAD}    when:\n      - { pointer: /x, equals: .nan }\n`)
    expect(f.line).toBe(7)
  })

  it('reports a pattern that is not valid RE2 at the pattern', () => {
    const f = oneFault(`${HEAD}    when:\n      - { pointer: /x, pattern: "(a" }\n`)
    expect(f).toMatchObject({ line: 7, col: 33 })
    expect(f.message).toContain('RE2')
  })

  it('reports a backreference, which RE2 refuses', () => {
    expect(oneFault(`${HEAD}    when:\n      - { pointer: /x, pattern: '(a)\\1' }\n`).message).toContain('RE2')
  })

  it('reports a pathUnder base that is not canonical', () => {
    const f = oneFault(`${HEAD}    when:\n      - { pointer: /p, pathUnder: /workspace/ }\n`)
    expect(f.line).toBe(7)
    expect(f.message).toContain('canonical absolute path')
  })

  it('reports a urlHost host that a canonical URL would not spell', () => {
    const f = oneFault(`${HEAD}    when:\n      - pointer: /u\n        urlHost: [ok.com, Evil.COM]\n`)
    expect(f).toMatchObject({ line: 8, col: 27 })
  })

  it('reports a rule id defined twice across files, at the second', () => {
    const faults = faultsOf([{ path: 'a.yaml', text: HEAD }, { path: 'b.yaml', text: `# c\n${HEAD}` }])
    expect(faults).toHaveLength(1)
    expect(faults[0]).toMatchObject({ file: 'b.yaml', line: 3, col: 9 })
    expect(faults[0]?.message).toContain('a.yaml')
  })

  it('reports an empty file', () => {
    expect(oneFault('').message).toMatch(/object/)
  })

  it('collects faults from every file', () => {
    const faults = faultsOf([{ path: 'a.yaml', text: 'rules: 1\n' }, { path: 'b.yaml', text: 'rule: []\n' }])
    expect(new Set(faults.map((f) => f.file))).toEqual(new Set(['a.yaml', 'b.yaml']))
  })
})
