import { PassThrough } from 'node:stream'
import type { Readable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { DEFAULT_CANONICAL_OPTIONS } from '../../src/canonical/index.js'
import { VerbatimError } from '../../src/errors/index.js'
import { toResponse } from '../../src/gate/http/exchange.js'
import { relayMcp } from '../../src/gate/mcp/relay.js'
import type { RelayOptions, Withheld } from '../../src/gate/mcp/relay.js'
import { filterLists, idKey, parseEventBlock, sseRewriter } from '../../src/mcp/index.js'
import type { RpcId } from '../../src/mcp/index.js'

const tools = (id: unknown, ...names: string[]): string => JSON.stringify({ jsonrpc: '2.0', id, result: { tools: names.map((name) => ({ name, inputSchema: { type: 'object' } })) } })

/** Relay options over a ledger of outstanding requests (id → method), recording what was withheld. */
function options(outstanding: Array<[RpcId, string]>, allowed: string[], extra: Partial<RelayOptions> = {}): { o: RelayOptions; withheld: Withheld[]; done: boolean[] } {
  const ledger = new Map(outstanding.map(([id, m]) => [idKey(id), m]))
  const withheld: Withheld[] = []
  const done: boolean[] = []
  const o: RelayOptions = {
    ledger: {
      take: async (id) => {
        const m = ledger.get(idKey(id))
        ledger.delete(idKey(id))
        return m
      },
    },
    filter: { tool: (n) => allowed.includes(n), prompt: (n) => allowed.includes(n), resource: (u) => allowed.includes(u) },
    withhold: async (w) => {
      withheld.push(w)
      return `w-${withheld.length}`
    },
    done: (answered) => void done.push(answered),
    maxBytes: 1 << 20,
    canonical: DEFAULT_CANONICAL_OPTIONS,
    ...extra,
  }
  return { o, withheld, done }
}

async function json(body: string, o: RelayOptions, headers: Record<string, string> = {}): Promise<{ status: number; headers: Headers; text: string }> {
  const b = new PassThrough()
  b.end(body)
  const res = toResponse(await relayMcp({ status: 200, headers: { 'content-type': 'application/json', ...headers }, body: b }, 'd-1', o))
  return { status: res.status, headers: res.headers, text: await res.text() }
}

async function sse(blocks: string[], o: RelayOptions): Promise<string> {
  const b = new PassThrough()
  const res = toResponse(await relayMcp({ status: 200, headers: { 'content-type': 'text/event-stream' }, body: b }, 'd-2', o))
  for (const x of blocks) b.write(x)
  b.end()
  return res.text()
}

const names = (text: string): string[] => ((JSON.parse(text) as { result: { tools: Array<{ name: string }> } }).result.tools.map((t) => t.name))

describe('list filtering', () => {
  it('keeps only the entries the filter keeps, and those without a name go too', () => {
    const v = { jsonrpc: '2.0', id: 1, result: { tools: [{ name: 'a' }, { name: 'b' }, { title: 'no name' }], nextCursor: 'c' } }
    expect(filterLists(v, { tool: (n) => n === 'a', prompt: () => true, resource: () => true })).toEqual({
      value: { jsonrpc: '2.0', id: 1, result: { tools: [{ name: 'a' }], nextCursor: 'c' } }, lists: 1, removed: 2,
    })
  })

  it('filters every list a result carries, whatever request it answers', () => {
    const v = { jsonrpc: '2.0', id: 1, result: { prompts: [{ name: 'p' }, { name: 'q' }], resources: [{ uri: 'a://x' }], tools: [{ name: 't' }] } }
    expect(filterLists(v, { tool: () => false, prompt: (n) => n === 'q', resource: () => true }).value).toEqual({
      jsonrpc: '2.0', id: 1, result: { prompts: [{ name: 'q' }], resources: [{ uri: 'a://x' }], tools: [] },
    })
    expect(filterLists({ jsonrpc: '2.0', id: 1, result: { content: [] } }, { tool: () => false, prompt: () => false, resource: () => false }).lists).toBe(0)
  })
})

describe('the relay inspects every message the server sends', () => {
  it('filters a JSON answer to its request', async () => {
    const { o, done } = options([[7, 'tools/list']], ['echo'], { own: 7 })
    const r = await json(tools(7, 'echo', 'get-env'), o)
    expect(names(r.text)).toEqual(['echo'])
    expect(r.headers.get('verbatim-decision-id')).toBe('d-1')
    expect(done).toEqual([true])
  })

  it('withholds a JSON answer whose id is the request id as a string, and answers the request with an error', async () => {
    const { o, withheld } = options([[7, 'tools/list']], ['echo'], { own: 7 })
    const r = await json(tools('7', 'echo', 'get-env'), o)
    expect(r.status).toBe(200)
    expect(JSON.parse(r.text)).toMatchObject({ jsonrpc: '2.0', id: 7, error: { code: -32603, data: { code: 'ERR_MCP_UNSOLICITED_RESPONSE', decisionId: 'w-1' } } })
    expect(withheld.map((w) => [w.code, w.rpcId])).toEqual([['ERR_MCP_UNSOLICITED_RESPONSE', '7']])
  })

  it('filters a list in the answer to any request (a ping answered with tools)', async () => {
    const { o } = options([[3, 'ping']], ['echo'], { own: 3 })
    expect(names((await json(tools(3, 'echo', 'secret'), o)).text)).toEqual(['echo'])
  })

  it.each([
    ['duplicate keys', '{"jsonrpc":"2.0","id":7,"id":"x","result":{}}'],
    ['a batch', `[${tools(7, 'secret')}]`],
    ['a lone surrogate', '{"jsonrpc":"2.0","id":7,"result":{"tools":[{"name":"\\ud800"}]}}'],
    ['a number that loses precision', '{"jsonrpc":"2.0","id":7,"result":{"n":12345678901234567890}}'],
    ['no jsonrpc member', '{"id":7,"result":{}}'],
  ])('withholds a message that does not read one way: %s', async (_n, body) => {
    const { o, withheld } = options([[7, 'tools/list']], ['echo'], { own: 7 })
    const r = await json(body, o)
    expect(JSON.parse(r.text)).toMatchObject({ id: 7, error: { data: { code: 'ERR_MCP_UPSTREAM_INVALID' } } })
    expect(withheld.map((w) => w.code)).toEqual(['ERR_MCP_UPSTREAM_INVALID'])
  })

  it('passes a JSON-RPC error with a null id (the server could not read a request) as it came', async () => {
    const { o, withheld } = options([], [])
    const body = '{"jsonrpc":"2.0","error":{"code":-32700,"message":"Parse error"},"id":null}'
    expect((await json(body, o)).text).toBe(body)
    expect(withheld).toEqual([])
  })

  it('withholds a 2xx body that is neither JSON nor an event stream', async () => {
    const { o, withheld } = options([[7, 'tools/list']], [], { own: 7 })
    const b = new PassThrough()
    b.end(tools(7, 'secret'))
    const res = toResponse(await relayMcp({ status: 200, headers: { 'content-type': 'text/plain' }, body: b }, 'd', o))
    expect(await res.json()).toMatchObject({ id: 7, error: { data: { code: 'ERR_MCP_UPSTREAM_INVALID' } } })
    expect(withheld).toHaveLength(1)
  })

  it('shows the agent no Mcp-Session-Id but its own session', async () => {
    const { o } = options([[1, 'ping']], [], { own: 1, session: 'mine' })
    expect((await json('{"jsonrpc":"2.0","id":1,"result":{}}', o, { 'mcp-session-id': 'another-agents' })).headers.get('mcp-session-id')).toBeNull()
    const same = options([[1, 'ping']], [], { own: 1, session: 'mine' })
    expect((await json('{"jsonrpc":"2.0","id":1,"result":{}}', same.o, { 'mcp-session-id': 'mine' })).headers.get('mcp-session-id')).toBe('mine')
  })

  it('filters the answer inside an event stream and relays every other event as it was read', async () => {
    const { o } = options([[7, 'tools/list']], ['echo'], { own: 7 })
    const text = await sse(['id: p1\nretry: 1000\ndata: \n\n', ': keep-alive comment\n\n', `event: message\nid: e2\ndata: ${tools(7, 'echo', 'get-env')}\n\n`], o)
    expect(text.startsWith('id: p1\nretry: 1000\ndata: \n\n:\n\n')).toBe(true)
    const last = parseEventBlock(text.slice(text.indexOf('id: e2')))
    expect(last).toMatchObject({ id: 'e2', event: 'message' })
    expect(names(last.data)).toEqual(['echo'])
  })

  it('drops a response that answers nothing, relays the calls around it, and answers its own request at the end', async () => {
    const note = '{"jsonrpc":"2.0","method":"notifications/progress","params":{"progress":1}}'
    const { o, withheld, done } = options([[7, 'tools/list']], ['echo'], { own: 7 })
    const text = await sse([`data: ${tools(99, 'secret')}\n\n`, `data: ${note}\n\n`, `data: ${tools('7', 'secret')}\n\n`], o)
    const events = text.split('\n\n').filter((b) => b !== '').map((b) => parseEventBlock(`${b}\n\n`).data)
    expect(events[0]).toBe(note)
    expect(JSON.parse(events[1] as string)).toMatchObject({ id: 7, error: { data: { code: 'ERR_MCP_UNSOLICITED_RESPONSE', decisionId: 'w-2' } } })
    expect(events).toHaveLength(2)
    expect(withheld.map((w) => w.rpcId)).toEqual([99, '7'])
    expect(done).toEqual([true])
  })

  it('leaves its own request outstanding when the stream ends with nothing withheld (it may be resumed)', async () => {
    const { o, done } = options([[7, 'tools/list']], [], { own: 7 })
    expect(await sse(['id: p\ndata: \n\n'], o)).toBe('id: p\ndata: \n\n')
    expect(done).toEqual([false])
    expect(await o.ledger.take(7)).toBe('tools/list')
  })

  it('passes each event on as soon as it is inspected, never buffering the stream whole', async () => {
    const { o } = options([], [])
    const body = new PassThrough()
    const res = toResponse(await relayMcp({ status: 200, headers: { 'content-type': 'text/event-stream' }, body }, 'd-3', o))
    const reader = (res.body as ReadableStream<Uint8Array>).getReader()
    body.write('data: {"jsonrpc":"2.0","method":"notifications/progress","params":{"progress":1}}\n\n')
    expect(new TextDecoder().decode((await reader.read()).value)).toContain('"progress":1')
    body.write('data: {"jsonrpc":"2.0","method":"notifications/progress","params":{"progress":2}}\n\n')
    expect(new TextDecoder().decode((await reader.read()).value)).toContain('"progress":2')
    body.end()
  })
})

describe("the server's stream and the agent's are tied", () => {
  async function relayed(): Promise<{ body: PassThrough; out: Readable; done: boolean[] }> {
    const { o, done } = options([[7, 'ping']], [], { own: 7 })
    const body = new PassThrough()
    const reply = await relayMcp({ status: 200, headers: { 'content-type': 'text/event-stream' }, body }, 'd-4', o)
    const out = reply.body as Readable
    out.resume()
    return { body, out, done }
  }
  const closed = (s: Readable): Promise<void> => new Promise((r) => (s.closed ? r() : s.once('close', () => r())))

  it("a server stream that fails ends the agent's with its error", async () => {
    const { body, out, done } = await relayed()
    const failed = new Promise<Error>((r) => out.once('error', r))
    body.destroy(new Error('upstream reset'))
    expect((await failed).message).toBe('upstream reset')
    await closed(out)
    expect(done).toEqual([false])
  })

  it("a server stream cut short without an error ends the agent's (it would wait for ever)", async () => {
    const { body, out, done } = await relayed()
    body.write('data: {"jsonrpc":"2.0","method":"notifications/progress","params":{"progress":1}}\n\n')
    body.destroy()
    await closed(out)
    expect([out.readableEnded, out.destroyed, done]).toEqual([false, true, [false]])
  })

  it("an agent that hangs up closes the server's stream", async () => {
    const { body, out, done } = await relayed()
    out.destroy()
    await closed(body)
    expect([body.destroyed, done]).toEqual([true, [false]])
  })

  it("a stream that ends whole ends the agent's whole, and leaves the server's stream ended, not cut", async () => {
    const { body, out, done } = await relayed()
    const text: string[] = []
    out.on('data', (c: Buffer | string) => text.push(String(c)))
    body.end('data: {"jsonrpc":"2.0","id":7,"result":{}}\n\n')
    await closed(out)
    expect([out.readableEnded, body.readableEnded, text.join(''), done]).toEqual([true, true, 'data: {"jsonrpc":"2.0","id":7,"result":{}}\n\n', [true]])
  })
})

describe('event streams', () => {
  it('splits blocks on every line-break spelling and across chunk boundaries', async () => {
    const out: string[] = []
    const t = sseRewriter((ev) => (ev.data === 'x' ? 'y' : undefined))
    t.on('data', (c: Buffer | string) => out.push(String(c)))
    t.write('data: x\r')
    t.write('\n\r\ndata: z\r\r')
    t.end('data: x\n\n')
    await new Promise((r) => t.on('end', r))
    expect(out.join('')).toBe('data: y\n\ndata: z\n\ndata: y\n\n')
  })

  it('writes each event as it was read, so no other parser reads another', async () => {
    const out: string[] = []
    const t = sseRewriter(() => undefined)
    t.on('data', (c: Buffer | string) => out.push(String(c)))
    // An id with NUL is ignored (WHATWG HTML §9.2.6), a non-digit retry too, an unknown field goes.
    t.end('id: a\0b\nretry: 1x\nfoo: bar\ndata:{"a":1}\ndata:  two\n\ndata: unterminated')
    await new Promise((r) => t.on('end', r))
    expect(out.join('')).toBe('data: {"a":1}\ndata:  two\n\n')
  })

  it('drops an event whose fate is null and appends the end event', async () => {
    const out: string[] = []
    const t = sseRewriter(async (ev) => (ev.data === 'drop' ? null : undefined), { end: async () => 'last' })
    t.on('data', (c: Buffer | string) => out.push(String(c)))
    t.end('data: drop\n\ndata: keep\n\n')
    await new Promise((r) => t.on('end', r))
    expect(out.join('')).toBe('data: keep\n\nevent: message\ndata: last\n\n')
  })
})

describe('event streams, split anywhere', () => {
  it('finds every terminator spelling when it straddles two chunks, and a long event in many chunks is one event', async () => {
    const out: string[] = []
    const t = sseRewriter(() => undefined)
    t.on('data', (c: Buffer | string) => out.push(String(c)))
    for (const part of ['data: a\r\n', '\r\n', 'data: b\n', '\n', 'data: c\r', '\r', 'data: ', ...Array.from({ length: 100 }, () => 'x'.repeat(1000)), '\n', '\n']) t.write(part)
    t.end()
    await new Promise((r) => t.on('end', r))
    expect(out.join('')).toBe(`data: a\n\ndata: b\n\ndata: c\n\ndata: ${'x'.repeat(100_000)}\n\n`)
  })

  it('fails a stream whose event grows past maxBlock rather than buffer it', async () => {
    const t = sseRewriter(() => undefined, { maxBlock: 10 })
    const failed = new Promise<Error>((r) => t.on('error', r))
    t.resume()
    t.write('data: 0123456789')
    expect((await failed).message).toMatch(/longer than 10/)
  })
})

describe('line breaks as WHATWG HTML §9.2.5 spells them', () => {
  it('reads CRLF as one line break, never as a CR and an LF (which would end the event early)', async () => {
    const out: string[] = []
    const t = sseRewriter(() => undefined)
    t.on('data', (c: Buffer | string) => out.push(String(c)))
    t.end('data: a\r\ndata: b\r\n\r\n')
    await new Promise((r) => t.on('end', r))
    expect(out.join('')).toBe('data: a\ndata: b\n\n')
  })
})

describe('2026-07-28 answers', () => {
  it('offers the agent only the revisions the gate speaks in a server/discover result, and leaves other answers alone', async () => {
    const discover = JSON.stringify({ jsonrpc: '2.0', id: 'd', result: { resultType: 'complete', supportedVersions: ['2026-07-28', '2025-11-25', '2025-03-26', '2024-11-05'], capabilities: {} } })
    const { o } = options([['d', 'server/discover']], [], { revisions: ['2026-07-28', '2025-11-25', '2025-06-18'] })
    expect(JSON.parse((await json(discover, o)).text)).toMatchObject({ id: 'd', result: { supportedVersions: ['2026-07-28', '2025-11-25'] } })
    // The same result answering another method is not a discover result: relayed as it came.
    const other = options([['d', 'tools/call']], [], { revisions: ['2026-07-28'] })
    expect((await json(discover, other.o)).text).toBe(discover)
  })

  it('shows every tools list an answer carries to the gate before the agent\'s list is filtered', async () => {
    const learned: unknown[][] = []
    const { o } = options([[4, 'tools/list']], ['a'], { tools: async (t) => void learned.push([...t]) })
    expect(names((await json(tools(4, 'a', 'hidden'), o)).text)).toEqual(['a'])
    expect(learned.map((l) => l.map((t) => (t as { name: string }).name))).toEqual([['a', 'hidden']])
  })
})

describe('a ledger that cannot be read (a shared store that does not answer)', () => {
  it('withholds the answer it cannot match, and answers the request with an error that says it was forwarded', async () => {
    const { o, withheld } = options([], ['a'], {
      own: 1,
      ledger: { take: async () => { throw new VerbatimError('ERR_MCP_SESSION_STORE', 'no answer within 1000 ms') } },
    })
    // Before: the store's error escaped the relay, and the agent got 503 with Retry-After for a call that had run.
    const r = await json(tools(1, 'a'), o)
    expect(withheld.map((w) => [w.code, w.rpcId])).toEqual([['ERR_MCP_SESSION_STORE', 1]])
    const v = JSON.parse(r.text) as { id: number; error: { code: number; message: string; data: { code: string; decisionId: string } } }
    expect([r.status, v.id, v.error.code, v.error.data.code, v.error.data.decisionId]).toEqual([200, 1, -32603, 'ERR_MCP_SESSION_STORE', 'w-1'])
    expect(v.error.message).toContain('do not repeat it without checking')
    expect(r.headers.get('retry-after')).toBeNull()
  })
})
