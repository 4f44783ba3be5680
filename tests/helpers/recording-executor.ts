/** @module tests/helpers/recording-executor: an HTTP executor on loopback that records each body it ran. */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface RecordingExecutor {
  url: string
  /** The body of every call it ran, in order. */
  ran: string[]
  close(): void
}

export async function startRecordingExecutor(): Promise<RecordingExecutor> {
  const ran: string[] = []
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (d: Buffer) => chunks.push(d))
    req.on('end', () => {
      ran.push(Buffer.concat(chunks).toString())
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ran":true}')
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, ran, close: () => void server.close() }
}
