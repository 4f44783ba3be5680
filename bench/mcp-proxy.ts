/**
 * @module bench/mcp-proxy: the peer of bench:mcp, a plain MCP pass-through proxy written on the
 * official SDK, in its own process: one SDK server session per client session, each forwarding
 * every request to the upstream server through an SDK client of its own, and answering with what
 * comes back. It authorizes, signs and audits nothing. argv = the upstream's URL.
 */
import { randomUUID } from 'node:crypto'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import { Server } from '@modelcontextprotocol/sdk/server/index.js'
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js'
import { z } from 'zod'

const upstream = new URL(process.argv[2] ?? '')
const sessions = new Map<string, StreamableHTTPServerTransport>()
const AnyResult = z.object({}).passthrough()

async function session(): Promise<StreamableHTTPServerTransport> {
  const client = new Client({ name: 'bench-proxy', version: '1' })
  await client.connect(new StreamableHTTPClientTransport(upstream))
  const server = new Server({ name: 'bench-proxy', version: '1' }, { capabilities: client.getServerCapabilities() ?? {} })
  server.fallbackRequestHandler = async (req) => client.request({ method: req.method, ...(req.params === undefined ? {} : { params: req.params }) }, AnyResult)
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: () => randomUUID(), onsessioninitialized: (id) => void sessions.set(id, transport) })
  transport.onclose = () => void client.close()
  await server.connect(transport)
  return transport
}

const http = createServer((req, res) => {
  const sid = req.headers['mcp-session-id']
  const known = typeof sid === 'string' ? sessions.get(sid) : undefined
  const t = known === undefined && typeof sid !== 'string' ? session() : Promise.resolve(known)
  void t.then((transport) => (transport === undefined ? void res.writeHead(404).end() : transport.handleRequest(req, res)), () => void res.writeHead(502).end())
})
http.listen(0, '127.0.0.1', () => process.send?.({ port: (http.address() as AddressInfo).port }))
process.on('SIGTERM', () => process.exit(0))
