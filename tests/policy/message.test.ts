/**
 * A deny rule's message reaches the agent: in the problem detail of POST /v1/tools (a real gate app)
 * and in the JSON-RPC error an MCP client gets (the official SDK client, through gate and guard to
 * the stock server-everything). The value that matched is in neither.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { compilePolicy } from '../../src/policy/index.js'
import { call, harness } from '../gate/harness.js'
import { startEverything, startMcpStack } from '../helpers/mcp-stack.js'
import type { McpStack } from '../helpers/mcp-stack.js'

const SECRET = 'sk-live-0123456789SECRET'
const MESSAGE = 'Never paste keys into a tool call; ask a person to configure the integration.'
const POLICY = `
rules:
  - { id: all, effect: allow, agents: [coder], tools: ["*"] }
  - id: no-keys
    effect: deny
    agents: ["*"]
    tools: ["*"]
    when: [{ pointer: /message, pattern: 'sk-live-[0-9A-Za-z]+' }]
    message: "${MESSAGE}"
`

describe('message: in the problem detail of a denied tool call', () => {
  it('is the detail, with the rule id, and the secret is not', async () => {
    const policy = compilePolicy([{ path: 'p.yaml', text: POLICY }])
    const h = await harness({ policy: () => policy })
    const res = await call(h, 'shell.exec', JSON.stringify({ message: `key=${SECRET}` }))
    expect(res.status).toBe(403)
    const text = await res.text()
    expect(JSON.parse(text)).toMatchObject({ code: 'ERR_POLICY_DENIED', detail: `denied by rule no-keys: ${MESSAGE}` })
    expect(text).not.toContain(SECRET)
    expect(h.sent).toEqual([])
  })
})

describe('message: in the MCP error', () => {
  let ev: Awaited<ReturnType<typeof startEverything>>
  let s: McpStack
  beforeAll(async () => {
    ev = await startEverything()
    s = await startMcpStack({ server: 'everything', executor: { mcp: { http: ev.url } }, policy: POLICY })
  })
  afterAll(async () => {
    await s?.close()
    await ev?.stop()
  })

  it('the SDK client gets the message, not the secret, and the tool never runs', async () => {
    const { client } = await s.connect()
    const err = await client.callTool({ name: 'echo', arguments: { message: `key=${SECRET}` } }).then(() => undefined, (e: unknown) => e as Error)
    expect(err?.message).toContain(`denied by rule no-keys: ${MESSAGE}`)
    expect(err?.message).not.toContain(SECRET)
    const ok = await client.callTool({ name: 'echo', arguments: { message: 'hello' } })
    expect(JSON.stringify(ok.content)).toContain('hello')
  })
})
