/** One stdio MCP server process as the guard drives it: exact bytes in, bounded lines out. */
import { describe, expect, it } from 'vitest'
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js'
import { spawnMcpChild } from '../../src/guard/mcp-child.js'

const node = (script: string): string[] => [process.execPath, '-e', script]
// Echoes each stdin line back as the result of a response, so the test sees exactly what arrived.
const ECHO = 'let b="";process.stdin.on("data",d=>{b+=d;let i;while((i=b.indexOf("\\n"))>=0){const l=b.slice(0,i);b=b.slice(i+1);process.stdout.write(JSON.stringify({jsonrpc:"2.0",id:1,result:{line:l}})+"\\n")}})'

describe('stdio MCP child', () => {
  it('writes exactly the given bytes and one newline', async () => {
    const c = await spawnMcpChild({ command: node(ECHO), graceMs: 100 }, () => undefined)
    const answers: JSONRPCMessage[] = []
    const arrived = new Promise<void>((r) => (c.onmessage = (m) => (answers.push(m), answers.length === 2 && r())))
    c.write(new TextEncoder().encode('{"b":1,"a":"\u2028"}'))
    c.write(new TextEncoder().encode('{"z":[]}'))
    await arrived
    expect(answers.map((m) => (m as unknown as { result: { line: string } }).result.line)).toEqual(['{"b":1,"a":"\u2028"}', '{"z":[]}'])
    await c.close()
  })

  it('refuses to write bytes holding a raw newline (no canonical body does)', async () => {
    const c = await spawnMcpChild({ command: node(ECHO), graceMs: 100 }, () => undefined)
    expect(() => c.write(new TextEncoder().encode('{"a":\n1}'))).toThrow(expect.objectContaining({ code: 'ERR_INTERNAL' }))
    await c.close()
  })

  it('drops a line that is not a JSON-RPC message and delivers the next one', async () => {
    const c = await spawnMcpChild({ command: node('process.stdout.write("not json\\n{\\"jsonrpc\\":\\"2.0\\",\\"method\\":\\"notifications/x\\"}\\n");setInterval(()=>{},1000)'), graceMs: 100 }, () => undefined)
    const m = await new Promise<JSONRPCMessage>((r) => (c.onmessage = r))
    expect(m).toEqual({ jsonrpc: '2.0', method: 'notifications/x' })
    await c.close()
  })

  it('stops a server that writes a line longer than maxLineBytes', async () => {
    const lines: string[] = []
    const c = await spawnMcpChild({ command: node('process.stdout.write("x".repeat(4096));setInterval(()=>{},1000)'), maxLineBytes: 1024, graceMs: 100 }, (l) => lines.push(l))
    const why = await new Promise<string>((r) => (c.onexit = r))
    expect(why).toBe('exited (SIGKILL)')
    expect(lines.join('\n')).toMatch(/over 1024 bytes/)
  })

  it('ends stdin, then escalates to SIGTERM for a server that ignores it', async () => {
    const c = await spawnMcpChild({ command: node('setInterval(()=>{},1000)'), graceMs: 50 }, () => undefined)
    const why = new Promise<string>((r) => (c.onexit = r))
    await c.close()
    expect(await why).toBe('exited (SIGTERM)')
  })

  it('rejects when the server cannot be started', async () => {
    await expect(spawnMcpChild({ command: ['/nonexistent/mcp-server'] }, () => undefined)).rejects.toMatchObject({ code: 'ENOENT' })
  })
})
