/** The shell matcher: a command string read as the simple commands bash and a POSIX sh both run, attacks refused and ordinary commands allowed. */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createRequire } from 'node:module'
import { publicReason } from '../../src/policy/index.js'
import { BINARY_OPS, REDIRECT_OPS, readShell } from '../../src/policy/matchers/shell-parse.js'
import { decide, faultsOf, policyOf } from './helpers.js'

// The shape of policies/shell.yaml: programs by name, operands resolved against /cwd and kept in the workspace.
const SHELL = {
  pointer: '/command',
  shell: {
    cwd: '/cwd',
    each: {
      allOf: [
        { pointer: '/program', in: ['ls', 'cat', 'grep', 'git', 'wc'] },
        { pointer: '/flags', each: { pointer: '', pattern: '^--?[a-z][a-z-]*$' } },
        { pointer: '/paths', each: { pointer: '', pathUnder: '/workspace' } },
      ],
    },
  },
}
const policy = policyOf([{ id: 'sh', effect: 'allow', agents: ['a'], tools: ['t'], when: [SHELL, { pointer: '/cwd', pathUnder: '/workspace' }] }])
const run = (command: string, cwd = '/workspace'): ReturnType<typeof decide> => decide(policy, { command, cwd })
const why = (command: string, cwd = '/workspace'): string => run(command, cwd).reasons.find((r) => r.op === 'shell')?.why ?? ''

describe('shell: ordinary commands are allowed', () => {
  it.each([
    'cat src/a.ts', 'ls', 'ls -la src', "grep -n 'TODO: fix' src/a.ts", 'git status --short', 'wc -l ./README.md', 'cat .',
    'cat "a b.txt"', 'cat a\\ b.txt', 'git log -- src/a.ts',
  ])('%s', (command) => {
    expect(run(command)).toMatchObject({ decision: 'allow', ruleIds: ['sh'] })
  })

  it('resolves operands against the cwd pointer: src/a.ts in /workspace/pkg is /workspace/pkg/src/a.ts', () => {
    expect(why('cat src/a.ts', '/workspace/pkg')).toContain('1 command (cat), conditions held')
    expect(run('cat /workspace/x/y')).toMatchObject({ decision: 'allow' })
  })
})

describe('shell: the attacks of issue 20 are refused', () => {
  it('cat ../../etc/shadow with cwd /workspace: ".." is not resolved, so the path is not under the workspace', () => {
    const d = run('cat ../../etc/shadow')
    expect(d).toMatchObject({ decision: 'deny', code: 'ERR_POLICY_NO_MATCH' })
    expect(why('cat ../../etc/shadow')).toBe('"cat ../../etc/shadow": command 1 ("cat"): not all held: not all held: element 0: null is null, pathUnder needs string (a null path: "../../etc/shadow" holds "..", which the kernel resolves through symlinks: write the path without it)')
  })

  it.each([
    ['cat $HOME/x', 'parameter', '$HOME at 1:5'],
    ['cat `x`', 'command-substitution', 'a command substitution at 1:5'],
    ['cat $(id)', 'command-substitution', 'a command substitution'],
    ['ls; rm -rf /', 'sequence', '";" or a new line at 1:3'],
    ['ls\nrm -rf /', 'sequence', '";" or a new line'],
    ['ls && rm -rf /', 'and', '"&&"'],
    ['ls || rm -rf /', 'or', '"||"'],
    ['ls | sh', 'pipe', '"|"'],
    ['ls &', 'background', '"&"'],
    ['cat < /etc/passwd', 'redirect', 'the redirection <'],
    ['ls > /workspace/out', 'redirect', 'the redirection >'],
    ['FOO=1 rm', 'assignment', 'the assignment FOO='],
    ['cat <<E\nx\nE\n', 'heredoc', 'a here-document'],
    ['cat *.ts', 'glob', 'the pattern'],
    ['cat src/[ab].ts', 'glob', 'the pattern'],
    ['cat {a,b}.ts', 'brace', 'the brace expansion'],
    ['cat ~/x', 'tilde', '"~"'],
    ['cat --file=~/x', 'tilde', '"~"'],
    ["cat $'\\x2e\\x2e/etc/shadow'", 'dollar-quote', "$'…'"],
    ['(cat a)', 'subshell', 'a subshell'],
    ['{ cat a; }', 'group', 'a group'],
    ['! cat a', 'negation', '"!"'],
    ['f() { cat a; }', 'function', 'a function definition'],
    ['if true; then cat a; fi', 'compound', 'if'],
    ['cat $((1+1))', 'arithmetic', '$(( … ))'],
    ['cat <(ls)', 'process-substitution', 'a process substitution'],
    ['export A=b', 'declaration', 'a declaration'],
    ['cat\u00a0/etc/shadow', 'hidden-characters', 'U+00A0'],
    ['cat src/a.ts\u202e', 'hidden-characters', 'U+202E'],
    ['ls\r', 'hidden-characters', 'U+000D'],
  ])('%j is refused: %s', (command, construct, where) => {
    const d = run(command)
    expect(d).toMatchObject({ decision: 'deny', code: 'ERR_POLICY_NO_MATCH' })
    const r = d.reasons.find((x) => x.op === 'shell')
    expect(r).toMatchObject({ held: false, refused: true })
    expect(r?.why).toContain(`the rule does not allow ${construct}`)
    expect(r?.why).toContain(where)
  })

  it('refuses what bash and a POSIX sh read differently: "ls &> f" is a redirection to bash, a background job to dash', () => {
    const p = policyOf([{ id: 'sh', effect: 'allow', agents: ['a'], tools: ['t'], when: [{ pointer: '/command', shell: { allow: ['redirect', 'background', 'sequence'] } }] }])
    const r = decide(p, { command: 'ls &> f' }).reasons[0]
    expect(r).toMatchObject({ refused: true })
    expect(r?.why).toContain('bash and a POSIX sh read it as different commands')
    expect(decide(p, { command: 'ls |& cat' }).reasons[0]?.why).toContain('the rule does not allow pipe')
  })

  it('refuses a command no parser reads, with the parser\'s own message', () => {
    expect(why('cat "a')).toContain('not a command a shell can parse: 1:5: reached EOF without closing quote "')
  })

  it('matches the program as the shell finds it: ./ls and /tmp/ls are paths, not the ls on PATH', () => {
    expect(run('./ls')).toMatchObject({ decision: 'deny' })
    expect(run('/tmp/ls')).toMatchObject({ decision: 'deny' })
    expect(run("'ls'")).toMatchObject({ decision: 'allow' }) // quote removal: the shell runs ls
  })

  it('a program off the list, and a cwd outside the workspace, are denied', () => {
    expect(run('rm -rf src')).toMatchObject({ decision: 'deny', code: 'ERR_POLICY_NO_MATCH' })
    expect(why('rm -rf src')).toContain('command 1 ("rm")')
    expect(run('cat a', '/etc')).toMatchObject({ decision: 'deny' })
    expect(decide(policy, { command: 'cat a' })).toMatchObject({ decision: 'deny' }) // no cwd
  })

  it('a construct is allowed only by name, and then every command it runs is tested', () => {
    const p = policyOf([{ id: 'sh', effect: 'allow', agents: ['a'], tools: ['t'], when: [{ pointer: '/command', shell: { cwd: '/cwd', allow: ['pipe', 'command-substitution'], each: { pointer: '/program', in: ['ls', 'grep', 'echo'] } } }] }])
    expect(decide(p, { command: 'ls | grep x', cwd: '/w' })).toMatchObject({ decision: 'allow' })
    expect(decide(p, { command: 'ls | rm x', cwd: '/w' })).toMatchObject({ decision: 'deny' })
    // The substituted command is a command too, and a word whose value is another command's output is null.
    expect(decide(p, { command: 'echo $(rm -rf /)', cwd: '/w' })).toMatchObject({ decision: 'deny' })
    expect(decide(p, { command: 'echo $(ls)', cwd: '/w' })).toMatchObject({ decision: 'allow' })
  })
})

describe('shell: in a deny rule, a refusal denies (fail closed)', () => {
  const p = policyOf([
    { id: 'any', effect: 'allow', agents: ['a'], tools: ['t'] },
    { id: 'no-rm', effect: 'deny', agents: ['a'], tools: ['t'], when: [{ pointer: '/command', shell: { allow: ['pipe'], some: { pointer: '/name', equals: 'rm' } } }] },
  ])
  it('denies rm, allows ls, and denies what it cannot read', () => {
    expect(decide(p, { command: 'ls | rm -rf /' })).toMatchObject({ decision: 'deny', ruleIds: ['no-rm'] })
    expect(decide(p, { command: 'ls | wc' })).toMatchObject({ decision: 'allow' })
    const d = decide(p, { command: 'ls; rm -rf /' })
    expect(d).toMatchObject({ decision: 'deny', code: 'ERR_POLICY_DENIED', ruleIds: ['no-rm'] })
    expect(publicReason(d)).toBe('denied by rule no-rm (/command: could not be read: "ls; rm -rf /": ";" or a new line at 1:3: the rule does not allow sequence (it runs another command))')
  })

  it('not of a refusal stays refused: an allow written as "not rm" does not allow what it cannot read', () => {
    const q = policyOf([{ id: 'not-rm', effect: 'allow', agents: ['a'], tools: ['t'], when: [{ not: { pointer: '/command', shell: { some: { pointer: '/name', equals: 'rm' } } } }] }])
    expect(decide(q, { command: 'ls' })).toMatchObject({ decision: 'allow' })
    expect(decide(q, { command: 'rm x' })).toMatchObject({ decision: 'deny' })
    expect(decide(q, { command: 'ls; rm x' })).toMatchObject({ decision: 'deny', code: 'ERR_POLICY_NO_MATCH' })
  })
})

describe('shell: the view of one command', () => {
  it('splits flags from operands (GNU order: a flag anywhere before --), and resolves operands and redirect targets', () => {
    const p = policyOf([{ id: 'v', effect: 'allow', agents: ['a'], tools: ['t'], when: [{ pointer: '/c', shell: { cwd: '/cwd', allow: ['redirect'], each: { allOf: [
      { pointer: '/flags', equals: ['-n', '-v'] },
      { pointer: '/operands', equals: ['a.txt', '-x', 'b'] },
      { pointer: '/paths', equals: ['/w/a.txt', '/w/-x', '/w/b'] },
      { pointer: '/redirects/0', equals: { op: '>', fd: '2', target: 'err.log', path: '/w/err.log' } },
      { pointer: '/builtin', equals: false },
    ] } } }] }])
    expect(decide(p, { c: 'grep -n a.txt -v -- -x b 2> err.log', cwd: '/w' }).reasons[0]).toMatchObject({ held: true })
  })

  it('marks shell built-ins, which run before any PATH lookup', () => {
    const p = policyOf([{ id: 'b', effect: 'deny', agents: ['a'], tools: ['t'], when: [{ pointer: '/c', shell: { some: { pointer: '/builtin', equals: true } } }] }])
    for (const c of ['eval ls', 'exec ls', 'source x', '. x', 'command ls']) expect(decide(p, { c }).ruleIds, c).toEqual(['b'])
    expect(decide(p, { c: 'ls' }).ruleIds).toEqual([])
  })
})

describe('shell: compiles, and refuses an unknown construct at load', () => {
  it('names the construct list', () => {
    const f = faultsOf([{ path: 's.yaml', text: 'rules:\n  - { id: r, effect: allow, agents: [a], tools: [t], when: [{ pointer: /c, shell: { allow: [pipes] } }] }\n' }])
    expect(f.map((x) => x.message)).toEqual([expect.stringMatching(/^rules\.0\.when\.0\.shell\.allow\.0: expected one of sequence, .*got 'pipes'; did you mean 'pipe'\?$/)])
  })
})

describe('shell: properties', () => {
  const word = fc.stringMatching(/^[a-z0-9._-]{1,8}$/).filter((w) => w !== '.' && w !== '..')
  const operand = word.filter((w) => !w.startsWith('-'))
  it('a command of plain words is allowed: its operands resolve under the workspace', () => {
    fc.assert(fc.property(fc.constantFrom('cat', 'ls', 'wc'), fc.array(operand, { maxLength: 4 }), (prog, args) => {
      expect(run([prog, ...args].join(' ')).decision).toBe('allow')
    }), { numRuns: 200 })
  })

  it('no operand with a ".." segment is ever allowed, however it is quoted', () => {
    fc.assert(fc.property(fc.array(word, { maxLength: 3 }), fc.array(word, { maxLength: 3 }), fc.constantFrom((s: string) => s, (s: string) => `'${s}'`, (s: string) => `"${s}"`), (pre, post, quote) => {
      const operand = [...pre, '..', ...post].join('/')
      expect(run(`cat ${quote(operand)}`).decision).toBe('deny')
    }), { numRuns: 200 })
  })
})

describe('shell: the mvdan-sh layout the matcher reads', () => {
  // The matcher reads GopherJS values directly (src/policy/matchers/mvdan.ts); the package's own API says what they must be.
  const { syntax } = createRequire(import.meta.url)('mvdan-sh') as { syntax: { NewParser(v: unknown): { Parse(s: string, n: string): { Stmts: { Redirs: { Op: number }[]; Cmd: { Op: number } }[] } }; Variant(v: unknown): unknown; LangBash: unknown } }
  const bash = syntax.NewParser(syntax.Variant(syntax.LangBash))
  it.each([...REDIRECT_OPS])('redirect operator %i is %s', (code, op) => {
    const src = op === '<<' || op === '<<-' ? `: ${op}E\nx\nE\n` : `: ${op} f`
    expect(bash.Parse(src, '').Stmts[0]?.Redirs[0]?.Op).toBe(code)
    const r = readShell(src, 'bash')
    expect(r.ok && r.commands[0]?.redirects[0]?.op).toBe(op)
  })
  it.each([...BINARY_OPS].map(([code, b]) => [code, b.op] as const))('binary operator %i is %s', (code, op) => {
    expect(bash.Parse(`a ${op} b`, '').Stmts[0]?.Cmd.Op).toBe(code)
  })
  it('reads words, quotes and positions as the package does', () => {
    const r = readShell('FOO="a b" cat \'x y\' "q\\"z" w\\ v 2> e', 'bash')
    expect(r).toEqual({ ok: true, used: new Map([['redirect', 'the redirection > at 1:34'], ['assignment', 'the assignment FOO= at 1:1']]), commands: [
      { words: ['cat', 'x y', 'q"z', 'w v'], redirects: [{ op: '>', fd: '2', target: 'e' }], assigns: [{ name: 'FOO', value: 'a b' }] },
    ] })
  })
})
