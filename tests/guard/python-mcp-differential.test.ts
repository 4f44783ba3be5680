/**
 * The MCP profile beyond the published vectors: generated JSON-RPC-shaped requests, each signed and run through the
 * real guard path, then through examples/python-verifier (written from docs/binding.md §13). They must agree on every
 * code, and on the value of every accepted request.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import canonicalize from 'canonicalize'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { RequestVector } from '../../src/spec/index.js'
import { testSigningKey } from '../../src/spec/index.js'
import { kit } from '../../src/spec/vector-kit.js'
import { MCP_VECTOR_INPUT, mcpKit } from '../../src/spec/vectors-mcp.js'
import type { McpOver } from '../../src/spec/vectors-mcp.js'
import { readRpcMessage, subjectOf } from '../../src/mcp/index.js'
import type { JsonValue } from '../../src/canonical/index.js'
import { runRequestVector } from '../binding/run-vector.js'

const PY = ['/usr/bin/python3', 'python3'].find((py) => spawnSync(py, ['-c', 'import cryptography'], { stdio: 'ignore' }).status === 0)
const ROOT = new URL('../..', import.meta.url).pathname
const ABSENT = Symbol('absent')

const names = fc.constantFrom<unknown>('echo', 'echo', 'echo', 'Echo', 'a/b', 'x'.repeat(128), 'x'.repeat(129), '', 'rm -rf', 'écho', 'a"b\\c', 7, null, ABSENT)
const methods = fc.constantFrom<unknown>(
  'tools/call', 'tools/call', 'tools/call', 'prompts/get', 'resources/read', 'resources/read', 'tools/list', 'tools/list', 'initialize', 'notifications/initialized', 'ping',
  'response', 'stream', 'session/delete', 'tools/call/echo', 'prompts/get/x', 'tools/callx', 'a b', '', 'm'.repeat(128), 'm'.repeat(129), 'lïst', 7, null, ABSENT,
)
const ids = fc.constantFrom<unknown>(1, 1, 1, 's', 0, -1, 2.5, 9007199254740991, 9007199254740992, -9007199254740991, 1e20, 's', '', null, true, ABSENT)
const objects = fc.constantFrom<unknown>({}, { a: 1 }, null, [], 'x', 3, ABSENT)
const params = fc.oneof(
  { weight: 1, arbitrary: objects },
  { weight: 4, arbitrary: fc.record({ name: names, arguments: objects, uri: fc.constantFrom<unknown>('file:///a', 'file:///a', '', 1, ABSENT) }) },
)
const message = fc.oneof(
  { weight: 6, arbitrary: fc.record({ jsonrpc: fc.constant('2.0'), id: ids, method: methods, params }) },
  { weight: 1, arbitrary: fc.record({ jsonrpc: fc.constant('2.0'), id: ids, result: objects }) },
  { weight: 1, arbitrary: fc.record({ jsonrpc: fc.constant('2.0'), id: ids, error: objects }) },
  { weight: 2, arbitrary: fc.record({ jsonrpc: fc.constantFrom<unknown>('2.0', '1.0', 2, ABSENT), id: ids, method: methods, params, result: objects, error: objects }) },
)
const headerValue = fc.constantFrom<string | null | undefined>(undefined, undefined, undefined, undefined, undefined, undefined, null, '', 'other', 'tools/call', 'echo', 'file:///a')

/** Drops the members generated as absent (and those inside params). */
function clean(v: unknown): unknown {
  if (Array.isArray(v) || typeof v !== 'object' || v === null) return v
  return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== ABSENT).map(([k, x]) => [k, clean(x)]))
}

/** The decision's tool: the message's own name most of the time, else a near miss. */
function toolFor(body: unknown, pick: number): string {
  try {
    const own = `mcp:fs${subjectOf(readRpcMessage(body as JsonValue)).suffix}`
    return pick < 6 ? own : ['mcp:fs/tools/list', 'mcp:fs/response', `${own}x`, 'fs.read'][pick - 6] ?? own
  } catch {
    return ['mcp:fs/tools/list', 'mcp:fs/response', 'mcp:fs/tools/call/echo', 'mcp:fs/stream'][pick % 4] ?? 'mcp:fs/x'
  }
}

describe.skipIf(PY === undefined)('the Python verifier and the guard agree on generated MCP requests', () => {
  it('agrees on 400 generated requests: messages, names, ids, sessions and routing headers', async () => {
    const k = kit(testSigningKey())
    const m = mcpKit(k)
    const samples = fc.sample(fc.record({
      msg: message, pick: fc.nat(9), respell: fc.nat(11), batch: fc.nat(15),
      http: fc.constantFrom('POST', 'POST', 'POST', 'GET', 'DELETE', 'PUT'),
      session: headerValue, protocol: headerValue, mcpMethod: headerValue, mcpName: headerValue,
    }), { numRuns: 400, seed: 20260101 })
    const vectors: RequestVector[] = []
    for (const [i, s] of samples.entries()) {
      const value = clean(s.msg)
      const bodyValue = s.batch === 0 ? [value] : value
      let body = s.http === 'GET' || s.http === 'DELETE' ? '' : canonicalize(bodyValue) ?? ''
      // A few bodies that are not canonical (step 11) or do not parse strictly (step 9): a space, a duplicate id.
      if (s.respell === 0 && body !== '') body = body.replace(':', ': ')
      if (s.respell === 1 && body.startsWith('{')) body = `{"id":0,${body.slice(1)}`
      const headers: Record<string, string | null> = {}
      if (s.session !== undefined) headers['mcp-session-id'] = s.session ?? MCP_VECTOR_INPUT.session
      if (s.protocol !== undefined) headers['mcp-protocol-version'] = s.protocol ?? '2025-06-18'
      if (s.mcpMethod !== undefined && s.mcpMethod !== null) headers['mcp-method'] = s.mcpMethod
      if (s.mcpName !== undefined && s.mcpName !== null) headers['mcp-name'] = s.mcpName
      const tool = s.http === 'GET' ? 'mcp:fs/stream' : s.http === 'DELETE' ? 'mcp:fs/session/delete' : toolFor(bodyValue, s.pick)
      const over: McpOver = { method: s.http, body, tool, headers }
      const v = m.vector(`generated ${i}`, 'accept', undefined, over)
      const out = await runRequestVector(v)
      vectors.push({ ...v, expect: out.code, ...(out.code === 'accept' ? { value: out.value } : {}) })
    }
    const codes = new Set(vectors.map((v) => v.expect))
    // The sample reaches acceptance and every code step 9 can give, not only one refusal.
    for (const c of ['accept', 'ERR_GUARD_TARGET_MISMATCH', 'ERR_GUARD_NOT_CANONICAL']) expect(codes).toContain(c)
    expect(vectors.filter((v) => v.expect === 'accept').length).toBeGreaterThan(20)
    const file = join(mkdtempSync(join(tmpdir(), 'verbatim-mcp-')), 'generated.json')
    writeFileSync(file, JSON.stringify({ requests: vectors, receipts: { vectors: [] }, signingKeys: [], keySets: [] }))
    const r = spawnSync(PY ?? 'python3', [`${ROOT}examples/python-verifier/verify.py`, file], { encoding: 'utf8' })
    expect(r.stdout.split('\n').filter((l) => l.startsWith('FAIL'))).toEqual([])
    expect(r.stdout).toContain(`\n${vectors.length}/${vectors.length} vectors agree\n`)
    expect(r.status).toBe(0)
  })
})
