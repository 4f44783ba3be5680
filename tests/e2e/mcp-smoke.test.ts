import { describe, expect, it } from 'vitest'
import { startEverything, startMcpStack } from '../helpers/mcp-stack.js'

describe('smoke', () => {
  it('lists and calls through gate and guard', async () => {
    const ev = await startEverything()
    const s = await startMcpStack({ server: 'everything', executor: { mcp: { http: ev.url } }, policy: 'rules:\n  - { id: echo, effect: allow, agents: [coder], tools: ["mcp:everything/tools/call/echo"] }\n' })
    try {
      const { client } = await s.connect()
      const tools = await client.listTools()
      console.log(tools.tools.map((t) => t.name))
      const r = await client.callTool({ name: 'echo', arguments: { message: 'hi' } })
      console.log(JSON.stringify(r))
      const denied = await client.callTool({ name: 'get-sum', arguments: { a: 1, b: 2 } }).catch((e: Error) => e.message)
      console.log(denied)
    } finally {
      console.log(s.gateLog.join('\n'))
      await s.close()
      await ev.stop()
    }
  })
})
