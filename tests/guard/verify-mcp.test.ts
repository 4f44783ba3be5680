/** verifyBinding under profile mcp (docs/binding.md §13.4), called directly: what a caller without the adapters' pre-check gets. */
import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { VerbatimError } from '../../src/errors/index.js'
import { verifyBinding } from '../../src/guard/index.js'
import type { VerifiedBinding } from '../../src/guard/index.js'
import { options, request, sign } from './helpers.js'
import type { Signed } from './helpers.js'

const SESSION = 'sess-1'
const PROTOCOL = '2025-11-25'
const CALL = '{"id":1,"jsonrpc":"2.0","method":"tools/call","params":{"arguments":{"text":"hi"},"name":"echo"}}'

function mcp(over: { method?: string; body?: string; tool?: string; headers?: Record<string, string> } = {}): Signed {
  const method = over.method ?? 'POST'
  const body = over.body ?? (method === 'GET' || method === 'DELETE' ? '' : CALL)
  const s = sign({ method, body, path: '/mcp', decision: { tool: over.tool ?? 'mcp:fs/tools/call/echo', session: SESSION, protocol: PROTOCOL } })
  const headers: Record<string, string> = { ...s.headers, 'mcp-session-id': SESSION, 'mcp-protocol-version': PROTOCOL, ...over.headers }
  if (body === '') delete headers['content-type']
  return { ...s, headers }
}

async function outcome(s: Signed): Promise<VerifiedBinding | string> {
  try {
    return await verifyBinding(request(s), s.body, { ...options(), profile: 'mcp' })
  } catch (e) {
    if (e instanceof VerbatimError) return e.code
    throw e
  }
}

describe('verifyBinding, profile mcp', () => {
  it('accepts a tools/call and hands over the message, its value and the session', async () => {
    const v = await outcome(mcp())
    expect(v).toMatchObject({ tool: 'mcp:fs/tools/call/echo', session: SESSION, value: JSON.parse(CALL), rpc: { kind: 'request', id: 1, method: 'tools/call' } })
  })

  it('accepts a bodiless GET with no value, and records the digest of zero bytes', async () => {
    const v = await outcome(mcp({ method: 'GET', tool: 'mcp:fs/stream' }))
    expect(v).toMatchObject({ value: null, digest: createHash('sha256').update('').digest('hex') })
  })

  it('refuses a GET that carries a body at step 9b, ERR_GUARD_TARGET_MISMATCH (the adapters refuse it earlier)', async () => {
    expect(await outcome(mcp({ method: 'GET', tool: 'mcp:fs/stream', body: '{}' }))).toBe('ERR_GUARD_TARGET_MISMATCH')
  })

  it('refuses a signed PUT, a method Streamable HTTP does not have (step 9a)', async () => {
    expect(await outcome(mcp({ method: 'PUT' }))).toBe('ERR_GUARD_TARGET_MISMATCH')
  })

  it('compares the session and revision headers without their outer SP and HTAB (RFC 9110 §5.5), as the adapters deliver them', async () => {
    expect(await outcome(mcp({ headers: { 'mcp-session-id': `\t${SESSION} `, 'mcp-protocol-version': ` ${PROTOCOL}` } }))).toMatchObject({ session: SESSION })
    expect(await outcome(mcp({ headers: { 'mcp-session-id': `${SESSION}x` } }))).toBe('ERR_GUARD_TARGET_MISMATCH')
  })

  it('refuses routing headers that disagree with the body (step 9g), and ignores them on a GET', async () => {
    expect(await outcome(mcp({ headers: { 'mcp-method': 'tools/call', 'mcp-name': 'echo' } }))).toMatchObject({ tool: 'mcp:fs/tools/call/echo' })
    expect(await outcome(mcp({ headers: { 'mcp-method': 'tools/list' } }))).toBe('ERR_GUARD_TARGET_MISMATCH')
    expect(await outcome(mcp({ headers: { 'mcp-name': 'rm' } }))).toBe('ERR_GUARD_TARGET_MISMATCH')
    expect(await outcome(mcp({ method: 'GET', tool: 'mcp:fs/stream', headers: { 'mcp-method': 'tools/call' } }))).toMatchObject({ value: null })
  })

  it('refuses a POST whose method is spelled like another subject, signed under that subject\'s name', async () => {
    expect(await outcome(mcp({ body: '{"id":1,"jsonrpc":"2.0","method":"response"}', tool: 'mcp:fs/response' }))).toBe('ERR_GUARD_TARGET_MISMATCH')
    expect(await outcome(mcp({ body: '{"id":1,"jsonrpc":"2.0","method":"tools/call/echo"}' }))).toBe('ERR_GUARD_TARGET_MISMATCH')
  })
})
