/** The gate's record of the arguments each tool mirrors into Mcp-Param-* headers, learned from the listings it relays. */
import { describe, expect, it } from 'vitest'
import type { JsonValue } from '../../src/canonical/index.js'
import { createToolHeaderStore } from '../../src/gate/mcp/tool-headers.js'

const tool = (name: string, header?: string): JsonValue => ({
  name, inputSchema: { type: 'object', properties: { region: { type: 'string', ...(header === undefined ? {} : { 'x-mcp-header': header }) } } },
})

describe('the tool header store', () => {
  it('knows a listed tool per server, as its latest listing declares it, and nothing of an unlisted one', async () => {
    const s = createToolHeaderStore()
    await s.learn('a', [tool('q', 'Region'), { title: 'no name' }])
    expect((await s.get('a', 'q'))?.ok).toBe(true)
    expect(await s.get('b', 'q')).toBeUndefined()
    expect(await s.get('a', 'other')).toBeUndefined()
    await s.learn('a', [tool('q')])
    const q = await s.get('a', 'q')
    expect(q?.ok === true ? [...q.byHeader.keys()] : 'invalid').toEqual([])
  })

  it('keeps at most its bound of tools per server, forgetting the least recently listed', async () => {
    const s = createToolHeaderStore(2)
    await s.learn('a', [tool('one'), tool('two')])
    await s.learn('a', [tool('one'), tool('three')])
    expect([await s.get('a', 'one'), await s.get('a', 'two'), await s.get('a', 'three')].map((x) => x !== undefined)).toEqual([true, false, true])
  })
})
