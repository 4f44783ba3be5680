/**
 * @module bench/policy: median and p99 decision time with 10, 1,000 and 10,000 rules, almost all of
 * them for other tools. The 10-rule figure, measured in the same run, is the baseline: the ratios
 * show whether cost stays flat as other tools' rules grow (the tool index at work). Then the cost of
 * one decision by each language matcher (shell, sql, url), each call on a string not seen before
 * (no parse cache), against its parser alone on the same strings.
 * Run: npm run bench:policy
 */
import { createRequire } from 'node:module'
import { compilePolicy, evaluate, loadPolicyParsers } from '../src/policy/index.js'
import type { CompiledPolicy, JsonValue, PolicyRequest } from '../src/policy/index.js'

/** The rules for the measured tool (fs.read): an allow, a secrets deny and a prefix-wide deny. */
const OWN_RULES = [
  { id: 'fs-read', effect: 'allow', agents: ['coder', 'reviewer'], tools: ['fs.read', 'fs.list'], when: [{ pointer: '/path', pathUnder: '/workspace' }] },
  { id: 'secrets', effect: 'deny', agents: ['*'], tools: ['fs.*'], when: [{ anyOf: [{ pointer: '/path', pattern: '(^|/)\\.env($|\\.)' }, { pointer: '/path', pattern: '(^|/)id_rsa$' }] }] },
  { id: 'big-reads', effect: 'deny', agents: ['reviewer'], tools: ['fs.read'], when: [{ pointer: '/length', min: 1048576 }] },
]

/** `n` rules in all: the measured tool's own rules, the rest for other tools (exact and prefix). */
function policyWith(n: number): CompiledPolicy {
  const rules: unknown[] = [...OWN_RULES]
  for (let i = rules.length; i < n; i++) {
    const tool = i % 10 === 0 ? `svc${i}.*` : `svc${i % 997}.op${i}`
    rules.push({
      id: `other-${i}`, effect: i % 7 === 0 ? 'deny' : 'allow', agents: ['coder'], tools: [tool],
      when: [{ pointer: '/path', pathUnder: '/workspace' }, { pointer: '/n', max: i }],
    })
  }
  return compilePolicy([{ path: `bench-${n}.json`, text: JSON.stringify({ rules }) }])
}

const REQUESTS: PolicyRequest[] = [
  { agent: 'coder', tool: 'fs.read', value: { path: '/workspace/src/index.ts' } },
  { agent: 'coder', tool: 'fs.read', value: { path: '/workspace/.env' } },
  { agent: 'reviewer', tool: 'fs.read', value: { path: '/workspace/../etc/passwd', length: 10 } as JsonValue },
]

function measure(policy: CompiledPolicy, samples: number): { median: number; p99: number } {
  for (let i = 0; i < 5000; i++) evaluate(policy, REQUESTS[i % REQUESTS.length] as PolicyRequest)
  const t = new Float64Array(samples)
  for (let i = 0; i < samples; i++) {
    const req = REQUESTS[i % REQUESTS.length] as PolicyRequest
    const t0 = process.hrtime.bigint()
    evaluate(policy, req)
    t[i] = Number(process.hrtime.bigint() - t0) / 1000
  }
  t.sort()
  return { median: t[Math.floor(samples / 2)] ?? 0, p99: t[Math.floor(samples * 0.99)] ?? 0 }
}

const SAMPLES = 30_000
const rows: { n: number; median: number; p99: number; compileMs: number }[] = []
for (const n of [10, 1_000, 10_000]) {
  const c0 = process.hrtime.bigint()
  const policy = policyWith(n)
  const compileMs = Number(process.hrtime.bigint() - c0) / 1e6
  rows.push({ n, compileMs, ...measure(policy, SAMPLES) })
}

const base = rows[0] as (typeof rows)[number]
console.log(`policy decision time, ${SAMPLES.toLocaleString('en-US')} samples each, 3 requests for fs.read (allow, secrets deny, default deny)`)
console.log('rules     compile ms   median µs   p99 µs   median ratio vs 10 rules')
for (const r of rows) {
  console.log(
    `${r.n.toLocaleString('en-US').padStart(6)}  ${r.compileMs.toFixed(1).padStart(11)}  ${r.median.toFixed(2).padStart(10)}  ${r.p99.toFixed(2).padStart(7)}   ${(r.median / base.median).toFixed(2)}x`,
  )
}

/** Median and p99, in µs, of `f(i)` over `n` calls, each on input `i` (so no cache is ever hit). */
function perCall(n: number, f: (i: number) => unknown): { median: number; p99: number } {
  for (let i = 0; i < 500; i++) f(n + i)
  const t = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint()
    f(i)
    t[i] = Number(process.hrtime.bigint() - t0) / 1000
  }
  t.sort()
  return { median: t[Math.floor(n / 2)] ?? 0, p99: t[Math.floor(n * 0.99)] ?? 0 }
}

await loadPolicyParsers()
const matcherPolicy = compilePolicy([{ path: 'matchers.json', text: JSON.stringify({ rules: [
  { id: 'sh', effect: 'allow', agents: ['a'], tools: ['shell'], when: [{ pointer: '/command', shell: { cwd: '/cwd', each: { allOf: [
    { pointer: '/program', in: ['ls', 'cat', 'git', 'grep'] }, { pointer: '/paths', each: { pointer: '', pathUnder: '/workspace' } },
  ] } } }] },
  { id: 'sql', effect: 'allow', agents: ['a'], tools: ['sql'], when: [{ pointer: '/query', sql: { readOnly: true, tables: ['public.orders', 'public.customers'] } }] },
  { id: 'url', effect: 'allow', agents: ['a'], tools: ['url'], when: [{ pointer: '/url', url: { hosts: ['*.github.com'], when: [{ pointer: '/query/token', absent: true }] } }] },
] }) }])
// The parsers alone, as the matchers call them.
const { syntax } = createRequire(import.meta.url)('mvdan-sh') as { syntax: { NewParser(v: unknown): { Parse(s: string, n: string): unknown }; Variant(v: unknown): unknown; LangBash: unknown; LangPOSIX: unknown } }
const bash = syntax.NewParser(syntax.Variant(syntax.LangBash))
const posix = syntax.NewParser(syntax.Variant(syntax.LangPOSIX))
const pg = (await import('libpg-query')) as unknown as { parseSync(q: string): unknown }
const N = 20_000
const shellCmd = (i: number): string => `git log --oneline -n 5 -- src/file${i}.ts`
const sqlQuery = (i: number): string => `SELECT o.id, c.name FROM public.orders o JOIN public.customers c ON c.id = o.customer_id WHERE o.id = ${i} LIMIT 10`
const url = (i: number): string => `https://api.github.com/repos/acme/app/issues/${i}?per_page=10`
const cases: { name: string; decide: (i: number) => unknown; parse: (i: number) => unknown }[] = [
  { name: 'shell (bash + POSIX parse)', decide: (i) => evaluate(matcherPolicy, { agent: 'a', tool: 'shell', value: { command: shellCmd(i), cwd: '/workspace' } }), parse: (i) => { bash.Parse(shellCmd(i), ''); posix.Parse(shellCmd(i), '') } },
  { name: 'sql (libpg_query, WASM)', decide: (i) => evaluate(matcherPolicy, { agent: 'a', tool: 'sql', value: { query: sqlQuery(i) } }), parse: (i) => pg.parseSync(sqlQuery(i)) },
  { name: 'url (WHATWG + query)', decide: (i) => evaluate(matcherPolicy, { agent: 'a', tool: 'url', value: { url: url(i) } }), parse: (i) => new URL(url(i)) },
]
console.log(`\nlanguage matchers: one allowed decision per call, ${N.toLocaleString('en-US')} calls, each on a new string (no cache hit)`)
console.log('matcher                         decision median µs   p99 µs   parser alone median µs   decision / parser')
for (const c of cases) {
  if ((c.decide(0) as { decision: string }).decision !== 'allow') throw new Error(`${c.name}: the bench call is not allowed`)
  const d = perCall(N, c.decide)
  const p = perCall(N, c.parse)
  console.log(`${c.name.padEnd(30)}  ${d.median.toFixed(1).padStart(18)}  ${d.p99.toFixed(1).padStart(7)}  ${p.median.toFixed(1).padStart(23)}   ${(d.median / p.median).toFixed(2)}x`)
}
