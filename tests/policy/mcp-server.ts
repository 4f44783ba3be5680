/** @module tests/policy/mcp-server: a real MCP server (the official SDK, Streamable HTTP, stateless) on a loopback port. */
import type { Server } from 'node:http'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js'
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js'
import { z } from 'zod'

export interface McpTestServer { url: string; close(): Promise<void> }

/** A server whose tools/list publishes fs.read { path } and shell.exec { argv: string[], timeoutMs?: integer }. */
function toolServer(): McpServer {
  const server = new McpServer({ name: 'verbatim-test-tools', version: '1.0.0' })
  const ok = async (): Promise<{ content: { type: 'text'; text: string }[] }> => ({ content: [{ type: 'text', text: 'ok' }] })
  server.registerTool('fs.read', { description: 'Read a file', inputSchema: { path: z.string() } }, ok)
  server.registerTool('shell.exec', { description: 'Run a program', inputSchema: { argv: z.array(z.string()), timeoutMs: z.number().int().optional() } }, ok)
  return server
}

/** Starts the server on 127.0.0.1 and an ephemeral port; one MCP server and transport per request (stateless mode). */
export async function startMcpServer(): Promise<McpTestServer> {
  const http: Server = createServer((req, res) => {
    const mcp = toolServer()
    const transport = new StreamableHTTPServerTransport({ enableJsonResponse: true }) // no sessionIdGenerator: stateless
    res.on('close', () => { void transport.close(); void mcp.close() })
    mcp.connect(transport)
      .then(() => transport.handleRequest(req, res))
      .catch(() => { if (!res.headersSent) res.writeHead(500).end() })
  })
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve))
  const { port } = http.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    close: () => new Promise<void>((resolve) => {
      http.closeAllConnections()
      http.close(() => resolve())
    }),
  }
}
