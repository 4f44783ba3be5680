/**
 * The federated endpoint's names, routes, cursors and merges (src/mcp/federation*.ts), and the config
 * that refuses a federation whose names would not say where a server's name ends.
 */
import { describe, expect, it } from 'vitest'
import { parseConfig } from '../../src/config/index.js'
import { VerbatimError } from '../../src/errors/index.js'
import { commonFields, decodeCursor, decodeHeaderValue, encodeCursor, encodeHeaderValue, mergeCapabilities, mergeInitialize, mergeLists, readRpcMessage, routeOf, splitFederated, toAgent } from '../../src/mcp/index.js'
import type { JsonValue } from '../../src/canonical/index.js'

const SERVERS = new Set(['fs', 'fs-2', 'ev'])
type Obj = { [k: string]: JsonValue }
const route = (v: Obj): ReturnType<typeof routeOf> => routeOf(readRpcMessage(v), v, SERVERS)
const unroutable = (f: () => unknown): string => {
  try {
    f()
  } catch (e) {
    if (e instanceof VerbatimError) return e.code
    throw e
  }
  return 'routed'
}

describe('federated names', () => {
  it('splits at the first separator, and only into a server of the federation', () => {
    expect(splitFederated('fs__read', SERVERS)).toEqual({ server: 'fs', name: 'read' })
    expect(splitFederated('fs-2__read', SERVERS)).toEqual({ server: 'fs-2', name: 'read' })
    // The server's own name may hold the separator: it is the rest, as it is.
    expect(splitFederated('fs___x__y', SERVERS)).toEqual({ server: 'fs', name: '_x__y' })
    for (const n of ['read', 'fs_read', 'f__s', 'fs-__x', 'FS__read', '__read', 'fs__', 'fs', 'fs-3__x', 'ｆs__read']) expect(splitFederated(n, SERVERS), n).toBeUndefined()
  })

  it('routes a named request to its server with its own name, everything else to every server', () => {
    expect(route({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'ev__echo', arguments: { m: 1 } } })).toEqual({
      to: 'one', server: 'ev', name: 'echo', value: { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'echo', arguments: { m: 1 } } },
    })
    expect(route({ jsonrpc: '2.0', id: 2, method: 'resources/read', params: { uri: 'fs__file:///a__b' } })).toMatchObject({ server: 'fs', value: { params: { uri: 'file:///a__b' } } })
    expect(route({ jsonrpc: '2.0', id: 3, method: 'completion/complete', params: { ref: { type: 'ref/prompt', name: 'ev__greet' }, argument: { name: 'a', value: 'b' } } })).toMatchObject({ server: 'ev', value: { params: { ref: { name: 'greet' } } } })
    expect(route({ jsonrpc: '2.0', id: 4, method: 'tools/list' })).toEqual({ to: 'all' })
    expect(route({ jsonrpc: '2.0', method: 'notifications/initialized' })).toEqual({ to: 'all' })
    // A response to a server's request goes back to that server, with that request's own id.
    expect(route({ jsonrpc: '2.0', id: 'fs__n:7', result: {} })).toEqual({ to: 'one', server: 'fs', value: { jsonrpc: '2.0', id: 7, result: {} } })
    expect(route({ jsonrpc: '2.0', id: 'ev__s:abc', result: {} })).toMatchObject({ server: 'ev', value: { id: 'abc' } })
  })

  it('refuses what names no server, a response to no server request, and what it does not route: ERR_MCP_UNROUTABLE', () => {
    for (const v of [
      { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'echo' } },
      { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'xx__echo' } },
      { jsonrpc: '2.0', id: 1, method: 'prompts/get', params: { name: 'fs_greet' } },
      { jsonrpc: '2.0', id: 1, method: 'resources/read', params: { uri: 'file:///etc/passwd' } },
      { jsonrpc: '2.0', id: 1, method: 'subscriptions/listen', params: {} },
      { jsonrpc: '2.0', id: 7, result: {} },
      { jsonrpc: '2.0', id: 'fs__n:07', result: {} },
      { jsonrpc: '2.0', id: 'fs__x:7', result: {} },
      { jsonrpc: '2.0', id: 'zz__n:7', result: {} },
    ] as Obj[]) expect(unroutable(() => route(v)), JSON.stringify(v)).toBe('ERR_MCP_UNROUTABLE')
  })

  it('names what a server sends for the agent: lists, contents, links, update notifications, its requests\' ids', () => {
    expect(toAgent('ev', { jsonrpc: '2.0', id: 1, result: { tools: [{ name: 'echo' }, { name: 'x'.repeat(126) }], nextCursor: 'c' } })).toEqual({ jsonrpc: '2.0', id: 1, result: { tools: [{ name: 'ev__echo' }], nextCursor: 'c' } })
    expect(toAgent('ev', { jsonrpc: '2.0', id: 1, result: { contents: [{ uri: 'demo://a', text: 't' }] } })).toMatchObject({ result: { contents: [{ uri: 'ev__demo://a' }] } })
    expect(toAgent('ev', { jsonrpc: '2.0', id: 1, result: { content: [{ type: 'resource_link', uri: 'demo://b' }, { type: 'text', text: 'demo://c' }] } })).toMatchObject({ result: { content: [{ uri: 'ev__demo://b' }, { text: 'demo://c' }] } })
    expect(toAgent('fs', { jsonrpc: '2.0', method: 'notifications/resources/updated', params: { uri: 'file:///a' } })).toMatchObject({ params: { uri: 'fs__file:///a' } })
    expect(toAgent('fs', { jsonrpc: '2.0', id: 9, method: 'sampling/createMessage', params: {} })).toMatchObject({ id: 'fs__n:9' })
  })
})

describe('Mcp-Name as the server reads it', () => {
  it('writes a name the way a client would, so that it decodes to the name (MCP 2026-07-28, Value Encoding)', () => {
    expect(encodeHeaderValue('echo')).toBe('echo')
    for (const v of ['echo', 'file:///a b.txt', ' lead', 'trail ', 'ü', '=?base64?ZWNobw==?=', 'a\nb', '']) {
      expect(decodeHeaderValue(encodeHeaderValue(v)), JSON.stringify(v)).toBe(v)
    }
    expect(encodeHeaderValue('=?base64?ZWNobw==?=')).not.toBe('=?base64?ZWNobw==?=')
  })
})

describe('federated cursors and merges', () => {
  it('hands out one cursor that leads each server on, and refuses one it did not hand out', () => {
    const merged = mergeLists('tools/list', [{ server: 'ev', result: { tools: [{ name: 'ev__a' }], nextCursor: 'e1' } }, { server: 'fs', result: { tools: [{ name: 'fs__b' }] } }])
    expect(merged['tools']).toEqual([{ name: 'ev__a' }, { name: 'fs__b' }])
    expect(decodeCursor(merged['nextCursor'], SERVERS)).toEqual({ ev: 'e1' })
    for (const c of ['nope', encodeCursor({}), encodeCursor({ zz: 'x' }), Buffer.from('[1]').toString('base64url'), 7] as JsonValue[]) expect(unroutable(() => decodeCursor(c, SERVERS)), JSON.stringify(c)).toBe('ERR_MCP_UNROUTABLE')
  })

  it('keeps the 2026-07-28 members a result needs: resultType, and the most cautious caching directives', () => {
    const lists = mergeLists('tools/list', [
      { server: 'ev', result: { resultType: 'complete', ttlMs: 60_000, cacheScope: 'public', tools: [] } },
      { server: 'fs', result: { resultType: 'complete', ttlMs: 0, cacheScope: 'private', tools: [] } },
    ])
    expect(lists).toEqual({ resultType: 'complete', ttlMs: 0, cacheScope: 'private', tools: [] })
    expect(commonFields([{ server: 'ev', result: { ttlMs: 5, cacheScope: 'public' } }, { server: 'fs', result: { ttlMs: 9, cacheScope: 'public' } }])).toEqual({ ttlMs: 5, cacheScope: 'public' })
    // A session revision's results carry none of them, and the merge adds none.
    expect(commonFields([{ server: 'ev', result: {} }])).toEqual({})
  })

  it('merges initialize: the asked revision when every server chose it, else the oldest; every capability; instructions by server', () => {
    const r = mergeInitialize([
      { server: 'ev', result: { protocolVersion: '2025-11-25', capabilities: { tools: { listChanged: false }, logging: {} }, instructions: 'be nice' } },
      { server: 'fs', result: { protocolVersion: '2025-06-18', capabilities: { tools: { listChanged: true }, resources: { subscribe: true } } } },
    ], '2025-11-25', '9.9.9')
    expect(r).toEqual({
      protocolVersion: '2025-06-18',
      capabilities: { tools: { listChanged: true }, logging: {}, resources: { subscribe: true } },
      serverInfo: { name: 'verbatim-federation', version: '9.9.9' },
      instructions: 'ev: be nice',
    })
    expect(mergeCapabilities([null, 'x', { prompts: {} }])).toEqual({ prompts: {} })
  })
})

describe('mcp.federation in the config', () => {
  const config = (servers: string[], federation: string): string => `listen: { port: 8081 }
policies: [policies/]
agents: [{ id: coder, token: { env: T } }]
upstreams: [{ name: g, url: "http://127.0.0.1:9090", audience: g-1 }]
signing: { keyFile: k.pem }
mcp:
  servers: [${servers.map((s) => `{ name: ${s}, upstream: g }`).join(', ')}]
  federation: ${federation}
`
  const fault = (text: string): string => {
    try {
      parseConfig('/etc/verbatim/verbatim.yaml', text, { T: 'x'.repeat(32) })
    } catch (e) {
      if (e instanceof VerbatimError) return e.message
      throw e
    }
    return 'accepted'
  }

  it('accepts every server, or the ones named', () => {
    expect(fault(config(['fs', 'ev'], '{}'))).toBe('accepted')
    expect(fault(config(['fs', 'ev', 'fs-2'], '{ servers: [fs, fs-2] }'))).toBe('accepted')
  })

  it('refuses a server whose name holds the separator or ends in "_", and a member that is no server', () => {
    expect(fault(config(['fs', 'a__b'], '{}'))).toMatch(/mcp server 'a__b' cannot be federated/)
    expect(fault(config(['fs', 'fs_'], '{ servers: [fs, fs_] }'))).toMatch(/mcp server 'fs_' cannot be federated/)
    // Not federated, such a name is still a server of its own endpoint.
    expect(fault(config(['fs', 'a__b'], '{ servers: [fs] }'))).toBe('accepted')
    expect(fault(config(['fs', 'ev'], '{ servers: [fs, evv] }'))).toMatch(/no mcp server named 'evv'/)
    expect(fault(config(['fs', 'ev'], '{ servers: [fs, fs] }'))).toMatch(/mcp server 'fs' is federated twice/)
    expect(fault(config(['fs', 'ev'], '{ servers: [] }'))).not.toBe('accepted')
  })
})
