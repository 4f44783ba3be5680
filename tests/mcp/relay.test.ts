import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { toResponse } from '../../src/gate/http/exchange.js'
import { relayMcp } from '../../src/gate/mcp/relay.js'
import type { Watch } from '../../src/gate/mcp/relay.js'
import { filterListResponse, parseEventBlock, sseRewriter } from '../../src/mcp/index.js'

const tools = (...names: string[]): string => JSON.stringify({ jsonrpc: '2.0', id: 7, result: { tools: names.map((name) => ({ name, inputSchema: { type: 'object' } })) } })
const watch = (allowed: string[]): Watch => ({ id: 7, method: 'tools/list', filter: { tool: (n) => allowed.includes(n), prompt: () => true, resource: () => true } })

describe('list filtering', () => {
  it('keeps only the entries the filter keeps, and those without a name go too', () => {
    const v = { jsonrpc: '2.0', id: 1, result: { tools: [{ name: 'a' }, { name: 'b' }, { title: 'no name' }], nextCursor: 'c' } }
    expect(filterListResponse('tools/list', v, { tool: (n) => n === 'a', prompt: () => true, resource: () => true })).toEqual({
      value: { jsonrpc: '2.0', id: 1, result: { tools: [{ name: 'a' }], nextCursor: 'c' } }, removed: 2,
    })
  })

  it('filters a JSON answer', async () => {
    const body = new PassThrough()
    body.end(tools('echo', 'get-env'))
    const res = toResponse(await relayMcp({ status: 200, headers: { 'content-type': 'application/json' }, body }, 'd-1', watch(['echo']), 1 << 20))
    expect(((await res.json()) as { result: { tools: Array<{ name: string }> } }).result.tools.map((t) => t.name)).toEqual(['echo'])
    expect(res.headers.get('verbatim-decision-id')).toBe('d-1')
  })

  it('filters the watched answer inside an event stream and passes every other block byte for byte', async () => {
    const body = new PassThrough()
    const res = toResponse(await relayMcp({ status: 200, headers: { 'content-type': 'text/event-stream' }, body }, 'd-2', watch(['echo']), 1 << 20))
    const reader = (res.body as ReadableStream<Uint8Array>).getReader()
    const dec = new TextDecoder()
    body.write('id: p1\nretry: 1000\ndata: \n\n')
    body.write(': keep-alive comment\n\n')
    body.write(`event: message\nid: e2\ndata: ${tools('echo', 'get-env')}\n\n`)
    body.end()
    let text = ''
    for (let r = await reader.read(); !r.done; r = await reader.read()) text += dec.decode(r.value)
    expect(text.startsWith('id: p1\nretry: 1000\ndata: \n\n: keep-alive comment\n\n')).toBe(true)
    const last = parseEventBlock(text.slice(text.indexOf('id: e2') - 'event: message\n'.length))
    expect(last).toMatchObject({ id: 'e2', event: 'message' })
    expect((JSON.parse(last.data) as { result: { tools: Array<{ name: string }> } }).result.tools.map((t) => t.name)).toEqual(['echo'])
  })

  it('passes each event on as soon as it is complete, never buffering the stream whole', async () => {
    const body = new PassThrough()
    const res = toResponse(await relayMcp({ status: 200, headers: { 'content-type': 'text/event-stream' }, body }, 'd-3', watch([]), 1 << 20))
    const reader = (res.body as ReadableStream<Uint8Array>).getReader()
    body.write('data: {"jsonrpc":"2.0","method":"notifications/progress","params":{"progress":1}}\n\n')
    const first = await reader.read()
    expect(new TextDecoder().decode(first.value)).toContain('"progress":1')
    body.write('data: {"jsonrpc":"2.0","method":"notifications/progress","params":{"progress":2}}\n\n')
    const second = await reader.read()
    expect(new TextDecoder().decode(second.value)).toContain('"progress":2')
    body.end()
  })

  it('withholds a list answer that does not parse strictly (fail closed)', async () => {
    const body = new PassThrough()
    body.end('{"jsonrpc":"2.0","id":7,"result":{"tools":[{"name":"a","name":"b"}]}}')
    const res = toResponse(await relayMcp({ status: 200, headers: { 'content-type': 'application/json' }, body }, 'd-4', watch(['a', 'b']), 1 << 20))
    expect(await res.json()).toMatchObject({ id: 7, error: { code: -32603 } })
  })

  it('splits blocks on every line-break spelling and across chunk boundaries', async () => {
    const out: string[] = []
    const t = sseRewriter((ev) => (ev.data === 'x' ? 'y' : undefined))
    t.on('data', (c: Buffer | string) => out.push(String(c)))
    t.write('data: x\r')
    t.write('\n\r\ndata: z\r\r')
    t.end('data: x\n\n')
    await new Promise((r) => t.on('end', r))
    expect(out.join('')).toBe('data: y\n\ndata: z\r\rdata: y\n\n')
  })
})
