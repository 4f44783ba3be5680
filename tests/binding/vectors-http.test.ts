/**
 * Every published request vector as raw HTTP/1.1 bytes on a real socket to guardNodeHandler: node's parser and
 * guardClientError refuse a method that is not uppercase letters, the adapter reads the body (the pre-checks),
 * verifies (steps 0-11), answers problem+json with the code and the status of docs/errors.md, and runs the handler
 * only for accepted vectors.
 */
import { createServer } from 'node:http'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { connect } from 'node:net'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RequestVector } from '../../src/spec/index.js'
import { jwksKeyResolver } from '../../src/binding/index.js'
import { buildVectors } from '../../src/spec/index.js'
import { STATUS_BY_CODE, isErrorCode } from '../../src/errors/index.js'
import type { GuardOptions } from '../../src/guard/index.js'
import { guardClientError, guardNodeHandler } from '../../src/guard/index.js'
import { replayFor } from './run-vector.js'

const v = buildVectors()

let current: (req: IncomingMessage, res: ServerResponse) => void = () => {}
const server = createServer((req, res) => current(req, res))
const refusedByParser: string[] = []
server.on('clientError', guardClientError((e) => refusedByParser.push(e.code)))
let port = 0
beforeAll(async () => { await new Promise<void>((r) => server.listen(0, '127.0.0.1', r)); port = (server.address() as AddressInfo).port })
afterAll(() => { server.close() })

function raw(r: RequestVector): Promise<{ status: number; body: string }> {
  const body = Buffer.from(r.request.bodyBase64, 'base64')
  const head = [`${r.request.method} ${r.request.path}${r.request.query} HTTP/1.1`, 'Host: sandbox-1.internal:9000',
    ...Object.entries(r.request.headers).map(([k, x]) => `${k}: ${x}`), `Content-Length: ${body.byteLength}`, 'Connection: close']
  return new Promise((resolve, reject) => {
    const sock = connect(port, '127.0.0.1')
    const chunks: Buffer[] = []
    sock.on('data', (d: Buffer) => chunks.push(d))
    sock.on('error', reject)
    sock.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8')
      resolve({ status: Number(text.slice(9, 12)), body: text.slice(text.indexOf('\r\n\r\n') + 4) })
    })
    // Not end(): a half-closed socket may lose an answer that waits on asynchronous work (step 12's WebCrypto); the server closes (Connection: close).
    sock.write(Buffer.concat([Buffer.from(`${head.join('\r\n')}\r\n\r\n`, 'latin1'), body]))
  })
}

describe('every request vector over HTTP, through guardNodeHandler', () => {
  it.each(v.requests.map((r) => [r.name, r] as const))('%s', async (_name, r) => {
    const s = r.verifier
    const ran: unknown[] = []
    const o: GuardOptions = {
      audience: s.audience, keys: jwksKeyResolver({ jwks: { keys: s.keys } }), replay: await replayFor(r), clock: () => s.now * 1000,
      skewSeconds: s.skewSeconds, maxTtlSeconds: s.maxTtlSeconds, maxBodyBytes: s.maxBodyBytes,
    }
    // startedAt present: the restart rule is on; absent: the store counts as refilled.
    if (s.startedAt !== undefined) o.startedAt = s.startedAt
    else o.replaySeeded = true
    if (s.profile !== undefined) o.profile = s.profile
    if (s.approvals !== undefined) o.approvals = s.approvals
    current = guardNodeHandler(o, (_req, res, verified) => {
      ran.push(verified.value)
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ran":true}')
    })
    const got = await raw(r)
    if (r.expect === 'accept') {
      expect([got.status, ran]).toEqual([200, [r.value]])
      return
    }
    expect(isErrorCode(r.expect)).toBe(true)
    expect({ status: got.status, code: (JSON.parse(got.body) as { code: string }).code }).toEqual({ status: STATUS_BY_CODE[r.expect as keyof typeof STATUS_BY_CODE], code: r.expect })
    expect(ran).toEqual([])
  })

  it('refused every vector whose method is not uppercase letters in node\'s parser, before any handler', () => {
    const methods = v.requests.filter((r) => !/^[A-Z]+$/.test(r.request.method))
    expect(methods.length).toBeGreaterThanOrEqual(4)
    expect(refusedByParser).toEqual(methods.map(() => 'ERR_INTAKE_MALFORMED_HTTP'))
  })
})
