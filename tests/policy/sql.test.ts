/** The sql matcher: PostgreSQL's own parser decides what a query does; read-only SELECTs pass, writes, locks and side effects do not. */
import { beforeAll, describe, expect, it } from 'vitest'
import type { CompiledPolicy } from '../../src/policy/index.js'
import { loadPolicyParsers } from '../../src/policy/index.js'
import { decide, faultsOf, policyOf } from './helpers.js'

let policy: CompiledPolicy
let keywords: CompiledPolicy
beforeAll(async () => {
  await loadPolicyParsers()
  policy = policyOf([{ id: 'ro', effect: 'allow', agents: ['a'], tools: ['t'], when: [{ pointer: '/q', sql: { readOnly: true, tables: ['public.orders', 'orders', 'public.customers'] } }] }])
  // What the issue found written: a deny on keywords, which a literal trips and a function call walks past.
  keywords = policyOf([
    { id: 'q', effect: 'allow', agents: ['a'], tools: ['t'], when: [{ pointer: '/q', pattern: '(?i)^\\s*select\\b' }] },
    { id: 'kw', effect: 'deny', agents: ['a'], tools: ['t'], when: [{ pointer: '/q', pattern: '(?i)\\b(insert|update|delete|drop|create|alter)\\b' }] },
  ])
})
const why = (q: string): string => decide(policy, { q }).reasons[0]?.why ?? ''

describe('sql: the keyword list the issue found, and what the parser decides instead', () => {
  it('a keyword list allows set_config and nextval, and denies a literal that says "create account"', () => {
    expect(decide(keywords, { q: "SELECT set_config('x','y',false), nextval('s')" }).decision).toBe('allow')
    expect(decide(keywords, { q: "SELECT id FROM orders WHERE note = 'create account'" }).decision).toBe('deny')
  })

  it('readOnly denies set_config and nextval, and allows the literal: it is data, not a statement', () => {
    expect(decide(policy, { q: "SELECT set_config('x','y',false), nextval('s')" })).toMatchObject({ decision: 'deny', code: 'ERR_POLICY_NO_MATCH' })
    expect(why("SELECT set_config('x','y',false), nextval('s')")).toContain('function set_config is not allowed (it writes, locks, waits or reaches outside the database)')
    expect(decide(policy, { q: "SELECT id FROM orders WHERE note = 'create account'" })).toMatchObject({ decision: 'allow', ruleIds: ['ro'] })
  })
})

describe('sql: readOnly', () => {
  it.each([
    'SELECT 1',
    'SELECT id, total FROM public.orders WHERE total > 10 ORDER BY id LIMIT 5',
    'select count(*), lower(c.name) from public.customers c join public.orders o on o.customer_id = c.id group by 2',
    'WITH recent AS (SELECT * FROM orders WHERE created > now() - interval \'1 day\') SELECT count(*) FROM recent',
    'SELECT extract(year FROM created), substring(note FROM 1 FOR 3) FROM orders',
    "SELECT E'a\\nb'",
    'SELECT $$it\'s$$',
    'SELECT 1 /* a; DROP TABLE x */',
  ])('allows %s', (q) => {
    expect(decide(policy, { q })).toMatchObject({ decision: 'allow' })
  })

  it.each([
    ['SELECT 1; DROP TABLE orders', '2 statements: the sql operator admits exactly one'],
    ['SELECT 1;;', 'held'],
    ['DELETE FROM orders', 'delete is not allowed here (select)'],
    ['WITH gone AS (DELETE FROM orders RETURNING *) SELECT * FROM gone', 'delete is not allowed here (select), inside the statement'],
    ['SELECT * FROM orders FOR UPDATE', 'FOR UPDATE / FOR SHARE locks rows: not read-only'],
    ['SELECT * INTO copy FROM orders', 'SELECT INTO creates a table: not read-only'],
    ['SELECT * FROM secrets', 'table secrets is not allowed'],
    ['SELECT * FROM orders, pg_catalog.pg_authid', 'table pg_catalog.pg_authid is not allowed'],
    ['SELECT pg_sleep(10)', 'function pg_sleep is not allowed (it writes, locks, waits or reaches outside the database)'],
    ["SELECT * FROM dblink('host=x', 'SELECT 1') AS t(a int)", 'function dblink is not allowed'],
    ["SELECT query_to_xml('DELETE FROM orders', true, true, '')", 'function query_to_xml is not allowed'],
    ['SELECT my_func()', 'function my_func is not allowed'],
    ['SELECT 1 OPERATOR(public.+) 2', 'OPERATOR(public.+) runs whatever function that schema\'s operator names: not read-only'],
    ['EXPLAIN ANALYZE DELETE FROM orders', 'ExplainStmt is not allowed here (select)'],
    ['', 'an empty query'],
  ])('denies %j: %s', (q, text) => {
    if (text === 'held') { expect(decide(policy, { q }).decision).toBe('allow'); return }
    expect(decide(policy, { q })).toMatchObject({ decision: 'deny', code: 'ERR_POLICY_NO_MATCH' })
    expect(why(q)).toContain(text)
  })

  it('a WITH name is not a table, but only within its scope: the same name outside it is the real table', () => {
    expect(decide(policy, { q: 'WITH secrets AS (SELECT 1) SELECT * FROM secrets' }).decision).toBe('allow')
    expect(why('SELECT * FROM (WITH secrets AS (SELECT 1) SELECT * FROM secrets) a, secrets')).toContain('table secrets is not allowed')
    expect(why('WITH a AS (SELECT * FROM b), b AS (SELECT 1) SELECT * FROM a')).toContain('table b is not allowed') // b is not yet in scope for a
  })

  it('compares names as the parser spells them: unquoted names fold to lower case, quoted ones do not', () => {
    expect(decide(policy, { q: 'SELECT * FROM PUBLIC.ORDERS' }).decision).toBe('allow')
    expect(why('SELECT * FROM "Orders"')).toContain('table Orders is not allowed')
    expect(why('SELECT * FROM "public.orders"')).toContain('table public.orders is not allowed') // one name with a dot, not schema.table
  })
})

describe('sql: what has no one meaning is refused', () => {
  it('a parse error is refused, with the position PostgreSQL reports', () => {
    const r = decide(policy, { q: 'SELEC 1' }).reasons[0]
    expect(r).toMatchObject({ held: false, refused: true })
    expect(r?.why).toBe('"SELEC 1": PostgreSQL cannot parse it: syntax error at or near "SELEC" (at character 1)')
  })

  it("a backslash in a plain string means two things: standard_conforming_strings decides", () => {
    const r = decide(policy, { q: "SELECT * FROM orders WHERE note = 'a\\' OR 1=1 --'" }).reasons[0]
    expect(r).toMatchObject({ refused: true })
    expect(r?.why).toContain("holds a backslash, an escape only when standard_conforming_strings is off: write E'…' for escapes")
  })

  it('a deny rule that cannot parse the query denies it', () => {
    const p = policyOf([
      { id: 'any', effect: 'allow', agents: ['a'], tools: ['t'] },
      { id: 'no-write', effect: 'deny', agents: ['a'], tools: ['t'], when: [{ pointer: '/q', not: { pointer: '', sql: { statements: ['select'] } } }] },
    ])
    expect(decide(p, { q: 'SELECT 1' }).decision).toBe('allow')
    expect(decide(p, { q: 'DELETE FROM t' })).toMatchObject({ decision: 'deny', ruleIds: ['no-write'] })
    expect(decide(p, { q: 'DELETE FROM t WHERE' })).toMatchObject({ decision: 'deny', ruleIds: ['no-write'] })
  })
})

describe('sql: statements, schemas and functions', () => {
  it('allows the statement kinds listed, with the target table on the allow-list', () => {
    const p = policyOf([{ id: 'w', effect: 'allow', agents: ['a'], tools: ['t'], when: [{ pointer: '/q', sql: { statements: ['select', 'insert'], schemas: ['app'] } }] }])
    expect(decide(p, { q: 'INSERT INTO app.events (k) VALUES (1)' }).decision).toBe('allow')
    expect(decide(p, { q: 'INSERT INTO audit.events (k) VALUES (1)' }).reasons[0]?.why).toContain('table audit.events is not allowed')
    expect(decide(p, { q: 'INSERT INTO events (k) VALUES (1)' }).reasons[0]?.why).toContain('an unqualified name is found through search_path; write schema.table')
    expect(decide(p, { q: 'UPDATE app.events SET k = 2' }).reasons[0]?.why).toContain('update is not allowed here (select, insert)')
  })

  it('refuses at load what readOnly cannot mean, each at its place', () => {
    const f = faultsOf([{ path: 's.yaml', text: 'rules:\n  - { id: r, effect: allow, agents: [a], tools: [t], when: [{ pointer: /q, sql: { readOnly: true, statements: [select, delete], functions: [lower, nextval], tables: [a..b] } }] }\n' }])
    expect(f.map((x) => x.message)).toEqual([
      'rules.0.when.0.sql.statements.1: readOnly admits only select; delete writes',
      'rules.0.when.0.sql.functions.1: nextval is not read-only (nextval: it writes, locks, waits or reaches outside the database); readOnly cannot allow it',
      'rules.0.when.0.sql.tables.0: "a..b" is not a table name: table, schema.table or database.schema.table',
    ])
  })
})
