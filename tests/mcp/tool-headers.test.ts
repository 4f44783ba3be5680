/**
 * The gate's record of the arguments each tool mirrors into Mcp-Param-* headers, learned from the
 * listings it relays: in one process's memory, and in the Redis that gates share (a listing relayed
 * by one gate lets a stateless call through another).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { JsonValue } from '../../src/canonical/index.js'
import { sharedRedis } from '../../src/gate/mcp/redis.js'
import type { SharedRedis } from '../../src/gate/mcp/redis.js'
import { createRedisToolHeaderStore, createToolHeaderStore } from '../../src/gate/mcp/tool-headers.js'
import type { ToolHeaderStore } from '../../src/gate/mcp/tool-headers.js'
import { startRedis } from '../helpers/redis-server.js'
import type { RedisServer } from '../helpers/redis-server.js'

const tool = (name: string, header?: string): JsonValue => ({
  name, inputSchema: { type: 'object', properties: { region: { type: 'string', ...(header === undefined ? {} : { 'x-mcp-header': header }) } } },
})

let server: RedisServer
let redis: SharedRedis
let n = 0
beforeAll(async () => {
  server = await startRedis()
  redis = sharedRedis({ url: server.url, timeoutMs: 5000 })
})
afterAll(async () => {
  await redis?.close()
  await server?.stop()
})

const STORES: ReadonlyArray<readonly [string, (max?: number) => ToolHeaderStore]> = [
  ['in memory', (max) => createToolHeaderStore(max)],
  ['in Redis', (max) => createRedisToolHeaderStore(redis, `th${++n}:`, max)],
]

for (const [kind, make] of STORES) {
  describe(`the tool header store ${kind}`, () => {
    it('knows a listed tool per server, as its latest listing declares it, and nothing of an unlisted one', async () => {
      const s = make()
      await s.learn('a', [tool('q', 'Region'), { title: 'no name' }])
      const q1 = await s.get('a', 'q')
      expect(q1?.ok === true ? [...q1.byHeader] : 'invalid').toEqual([['mcp-param-region', { header: 'Mcp-Param-Region', path: ['region'], type: 'string' }]])
      expect(await s.get('b', 'q')).toBeUndefined()
      expect(await s.get('a', 'other')).toBeUndefined()
      await s.learn('a', [tool('q')])
      const q = await s.get('a', 'q')
      expect(q?.ok === true ? [...q.byHeader.keys()] : 'invalid').toEqual([])
      await s.learn('a', [{ name: 'bad', inputSchema: { 'x-mcp-header': 'Root' } }])
      expect(await s.get('a', 'bad')).toEqual({ ok: false, reason: 'x-mcp-header on a position outside the properties chain' })
    })

    it('keeps at most its bound of tools per server, forgetting the least recently listed', async () => {
      const s = make(2)
      await s.learn('a', [tool('one'), tool('two')])
      await s.learn('a', [tool('one'), tool('three')])
      expect([await s.get('a', 'one'), await s.get('a', 'two'), await s.get('a', 'three')].map((x) => x !== undefined)).toEqual([true, false, true])
    })
  })
}

describe('the tool header store in Redis, shared', () => {
  it('lets one gate know what another learned', async () => {
    const a = createRedisToolHeaderStore(redis, 'shared:')
    const b = createRedisToolHeaderStore(redis, 'shared:')
    await a.learn('fs', [tool('q', 'Region')])
    expect((await b.get('fs', 'q'))?.ok).toBe(true)
  })
})
