/**
 * @module examples/deploy/tool-server: an executor nobody modified for Verbatim, as the deployment
 * examples run it behind the standalone guard: plain HTTP, `POST /v1/tools/{tool}` with a JSON body,
 * fs.read, fs.list, fs.write (confined to a workspace) and shell.exec. It verifies nothing: it must
 * be reachable only through the guard (a unix socket in a volume only the guard shares, or loopback).
 *
 * `node dist/examples/deploy/tool-server.js --workspace DIR (--socket PATH | --port N [--host H])`
 */
import { createServer } from 'node:http'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { rm } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import type { JsonValue } from '../../src/canonical/index.js'
import { TOOLS, runTool } from '../executor/tools.js'
import { ToolError } from '../executor/workspace.js'

const USAGE = 'usage: node dist/examples/deploy/tool-server.js --workspace DIR (--socket PATH | --port N [--host H])'

function reply(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text)
}

async function handle(req: IncomingMessage, res: ServerResponse, workspace: string): Promise<void> {
  const tool = /^\/v1\/tools\/([a-z0-9_.-]+)$/.exec(req.url ?? '')?.[1]
  if (req.method === 'GET' && req.url === '/healthz') return reply(res, 200, { ok: true })
  if (req.method !== 'POST' || tool === undefined || !Object.hasOwn(TOOLS, tool)) return reply(res, 404, { ok: false, error: 'no such tool' })
  const chunks: Buffer[] = []
  for await (const c of req) chunks.push(c as Buffer)
  try {
    // The guard hands over exactly the canonical bytes it verified: one plain parse reads what was approved.
    const result = await runTool(tool, JSON.parse(Buffer.concat(chunks).toString('utf8')) as JsonValue, { workspace })
    reply(res, 200, { ok: true, tool, result })
  } catch (e) {
    reply(res, e instanceof ToolError ? e.status : 500, { ok: false, tool, error: e instanceof ToolError ? e.message : 'tool failed' })
  }
}

async function main(): Promise<number> {
  let values
  try {
    ({ values } = parseArgs({ options: { workspace: { type: 'string' }, socket: { type: 'string' }, port: { type: 'string' }, host: { type: 'string' } }, strict: true }))
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${USAGE}\n`)
    return 2
  }
  const workspace = values.workspace
  if (workspace === undefined || (values.socket === undefined) === (values.port === undefined)) {
    process.stderr.write(`${USAGE}\n`)
    return 2
  }
  const server = createServer((req, res) => void handle(req, res, workspace).catch(() => reply(res, 500, { ok: false, error: 'tool failed' })))
  const socket = values.socket
  if (socket !== undefined) {
    await rm(socket, { force: true }) // a socket left by a killed run
    await new Promise<void>((resolve) => server.listen(socket, resolve))
    process.stdout.write(`tool-server: listening on unix:${socket}\n`)
  } else {
    const host = values.host ?? '127.0.0.1'
    await new Promise<void>((resolve) => server.listen(Number(values.port), host, resolve))
    const addr = server.address()
    process.stdout.write(`tool-server: listening on http://${host}:${typeof addr === 'object' && addr !== null ? addr.port : values.port}\n`)
  }
  const stop = (): void => void server.close(() => process.exit(0))
  process.once('SIGTERM', stop)
  process.once('SIGINT', stop)
  return 0
}

main().then((code) => { if (code !== 0) process.exitCode = code }, (err: unknown) => {
  process.stderr.write(`tool-server: ${err instanceof Error ? err.message : String(err)}\n`)
  process.exitCode = 1
})
