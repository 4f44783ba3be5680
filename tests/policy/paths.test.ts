/** pathUnder: several roots, values relative to another argument (resolved, never cleaned up), case-insensitive file systems. */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { JsonValue } from '../../src/policy/index.js'
import { resolveRelative } from '../../src/policy/matchers/paths.js'
import { decide, faultsOf, policyOf } from './helpers.js'

const rule = (pathUnder: unknown): ReturnType<typeof policyOf> => policyOf([{ id: 'p', effect: 'allow', agents: ['a'], tools: ['t'], when: [{ pointer: '/path', pathUnder }] }])

describe('pathUnder: several roots', () => {
  const p = rule(['/workspace', '/tmp/build'])
  it.each([['/workspace/a', true], ['/tmp/build', true], ['/tmp/build/x/y', true], ['/tmp/buildx', false], ['/tmp', false], ['/etc/passwd', false]])('%s → %s', (path, ok) => {
    expect(decide(p, { path }).decision).toBe(ok ? 'allow' : 'deny')
  })
})

describe('pathUnder: relative to the value at another pointer', () => {
  const p = rule({ roots: ['/workspace'], relativeTo: '/cwd' })
  const why = (v: JsonValue): string => decide(p, v).reasons[0]?.why ?? ''
  it.each([
    [{ path: 'src/a.ts', cwd: '/workspace' }, true, '"src/a.ts" (/workspace/src/a.ts) is under /workspace'],
    [{ path: './src/a.ts', cwd: '/workspace/pkg' }, true, '(/workspace/pkg/src/a.ts)'],
    [{ path: '.', cwd: '/workspace' }, true, '(/workspace) is under'],
    [{ path: '/workspace/x', cwd: '/etc' }, true, 'is under'],
    [{ path: '../../etc/shadow', cwd: '/workspace' }, false, 'holds "..", which the kernel resolves through symlinks'],
    [{ path: 'a/../../etc', cwd: '/workspace' }, false, 'holds ".."'],
    [{ path: 'src//a', cwd: '/workspace' }, false, 'not a canonical relative path'],
    [{ path: 'src/', cwd: '/workspace' }, false, 'not a canonical relative path'],
    [{ path: '~/x', cwd: '/workspace' }, false, 'starts with "~"'],
    [{ path: 'a.ts', cwd: '/etc' }, false, '"a.ts" (/etc/a.ts) is not under /workspace'],
    [{ path: 'a.ts', cwd: 'workspace' }, false, 'is relative, and /cwd is "workspace", not a canonical absolute path'],
    [{ path: 'a.ts' }, false, 'is relative, and /cwd is missing'],
  ])('%j → %s', (v, ok, text) => {
    expect(decide(p, v).decision).toBe(ok ? 'allow' : 'deny')
    expect(why(v)).toContain(text)
  })

  it('resolving never removes a ".." and never leaves the roots: a property', () => {
    const seg = fc.oneof(fc.stringMatching(/^[a-z0-9._-]{1,6}$/), fc.constant('..'), fc.constant('.'), fc.constant(''))
    fc.assert(fc.property(fc.array(seg, { minLength: 1, maxLength: 6 }), (segs) => {
      const rel = segs.join('/')
      if (rel.startsWith('/')) return // an absolute value is checked as it is
      const r = resolveRelative('/workspace', rel)
      if ('path' in r) {
        expect(r.path === '/workspace' || r.path.startsWith('/workspace/')).toBe(true)
        expect(r.path.split('/')).not.toContain('..')
        expect(segs).not.toContain('..')
      }
    }), { numRuns: 500 })
  })
})

describe('pathUnder: a case-insensitive file system', () => {
  const p = rule({ roots: ['/Users/dev/work'], caseInsensitive: true })
  it('admits any ASCII case of the root, and refuses other letters, which each file system folds its own way', () => {
    expect(decide(p, { path: '/users/DEV/Work/a.txt' }).decision).toBe('allow')
    expect(decide(p, { path: '/Users/dev/workx/a' }).decision).toBe('deny')
    const r = decide(p, { path: '/Users/dev/work/\u212a.txt' }).reasons[0] // KELVIN SIGN folds to k on some file systems
    expect(r).toMatchObject({ refused: true })
    expect(r?.why).toContain('has non-ASCII characters')
  })

  it('without the option, case is exact', () => {
    expect(decide(rule('/Users/dev/work'), { path: '/users/dev/work/a' }).decision).toBe('deny')
  })

  it('refuses a bad root at load, at the root', () => {
    const f = faultsOf([{ path: 'p.yaml', text: 'rules:\n  - { id: r, effect: allow, agents: [a], tools: [t], when: [{ pointer: /p, pathUnder: { roots: [/ok, /ws/], caseInsensitive: true } }, { pointer: /p, pathUnder: { roots: [/Wörk], caseInsensitive: true } }, { pointer: /p, pathUnder: { rots: [/a] } }] }\n' }])
    expect(f.map((x) => x.message)).toEqual([
      'rules.0.when.0.pathUnder.roots.1: "/ws/" is not a canonical absolute path',
      'rules.0.when.1.pathUnder.roots.0: "/Wörk": a case-insensitive root must be ASCII',
      "rules.0.when.2.pathUnder: unknown key 'rots'; did you mean 'roots'?",
    ])
  })
})
