/**
 * Real sockets, real processes: the gate (bin/verbatim serve) and a recording upstream. What the
 * upstream received must be byte-identical to the canonical bytes, and nothing may reach it for
 * any rejected input.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateKeyPair, writeKeyFiles } from '../../src/binding/index.js'
import { canonicalBytes } from '../../src/canonical/index.js'
import { BIN, ROOT, start } from './procs.js'
import type { Proc } from './procs.js'

const TOKEN = 'e2e-token-0123456789abcdef'
let dir: string
let upstream: Proc
let gate: Proc
let gateUrl: URL
let recordFile: string

const POLICY = `rules:
  - id: read
    effect: allow
    agents: [coder]
    tools: [fs.read, echo]
  - id: no-shell
    effect: deny
    agents: ["*"]
    tools: [shell.exec]
`

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'verbatim-e2e-'))
  recordFile = join(dir, 'received.jsonl')
  await writeFile(recordFile, '')
  const { privatePath } = await writeKeyFiles(join(dir, 'keys'), await generateKeyPair())
  await writeFile(join(dir, 'policy.yaml'), POLICY)
  upstream = start('node', [`${ROOT}tests/e2e/fixtures/recording-upstream.mjs`, recordFile])
  const port = (await upstream.waitFor(/listening (\d+)/))[1]
  await writeFile(
    join(dir, 'verbatim.yaml'),
    `listen: { host: 127.0.0.1, port: 0 }
policies: [policy.yaml]
agents: [{ id: coder, token: { env: E2E_TOKEN } }]
upstreams: [{ name: rec, url: "http://127.0.0.1:${port}", audience: rec-1, guarded: false }]
routes: [{ tools: ["fs.*", shell.exec, echo], upstream: rec }]
signing: { keyFile: ${JSON.stringify(privatePath)} }
audit: { dir: audit }
limits: { maxBodyBytes: 2048 }
`,
  )
  gate = start(BIN, ['serve', '--config', join(dir, 'verbatim.yaml')], { E2E_TOKEN: TOKEN })
  gateUrl = new URL((await gate.waitFor(/listening on (http:\/\/\S+)/))[1] ?? '')
  expect(gate.output()).toMatch(/WARNING: upstream 'rec' is configured guarded: false/)
})

afterAll(async () => {
  expect(await gate?.stop()).toBe(0)
  await upstream?.stop()
})

async function received(): Promise<Array<{ url: string; headers: Record<string, string>; body: Buffer }>> {
  const lines = (await readFile(recordFile, 'utf8')).split('\n').filter(Boolean)
  return lines.map((l) => {
    const r = JSON.parse(l) as { url: string; headers: Record<string, string>; body: string }
    return { ...r, body: Buffer.from(r.body, 'base64') }
  })
}

function post(tool: string, body: string | Uint8Array, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(new URL(`/v1/tools/${tool}`, gateUrl), {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', ...headers },
    body,
  })
}

/** Sends raw bytes on a fresh connection and returns everything the gate answered. */
function raw(request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = connect(Number(gateUrl.port), '127.0.0.1')
    let out = ''
    sock.on('data', (d) => (out += d.toString()))
    sock.on('end', () => resolve(out))
    sock.on('error', reject)
    sock.setTimeout(5000, () => sock.end())
    sock.write(request)
  })
}

const SPELLINGS = [
  '{"path":"/workspace/a.txt","n":100,"s":"é","list":[1,true,null]}',
  '{"list":[1.0,true,null],"s":"\\u00e9","n":1e2,"path":"/workspace/a.txt"}',
  '\r\n{ "n" : 100.00 ,\t"path" : "\\/workspace\\/a.txt" , "s":"\\u00E9", "list":[ 1E0 , true , null ] }\n',
  '{"s":"é","list":[10e-1,true,null],"path":"/workspace/a.txt","n":0.1e3}',
]

describe('e2e: the upstream receives exactly the canonical bytes', () => {
  it('for every spelling of one meaning', async () => {
    const before = (await received()).length
    for (const s of SPELLINGS) {
      const res = await post('fs.read', s)
      expect(res.status).toBe(200)
      expect(res.headers.get('verbatim-decision-id')).toMatch(/^[0-9a-f-]{36}$/)
      expect(await res.json()).toEqual({ received: Buffer.byteLength('{"list":[1,true,null],"n":100,"path":"/workspace/a.txt","s":"é"}') })
    }
    const got = (await received()).slice(before)
    expect(got).toHaveLength(SPELLINGS.length)
    const want = Buffer.from(canonicalBytes(new TextEncoder().encode(SPELLINGS[0])).bytes)
    for (const r of got) {
      expect(r.body.equals(want)).toBe(true)
      expect(r.url).toBe('/v1/tools/fs.read')
      expect(r.headers['content-length']).toBe(String(want.length))
      expect(r.headers['authorization']).toBeUndefined()
      expect(r.headers['signature-input']).toMatch(/^verbatim=\("@method" "@path" "@query" "content-digest" "verbatim-decision"\)/)
    }
  })

  it('for a chunked request body', async () => {
    const before = (await received()).length
    const body = '{"b":[1.50,2],"a":"x"}'
    const res = await raw(
      `POST /v1/tools/echo HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TOKEN}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n` +
        `5\r\n${body.slice(0, 5)}\r\n${(body.length - 5).toString(16)}\r\n${body.slice(5)}\r\n0\r\n\r\n`,
    )
    expect(res).toMatch(/^HTTP\/1\.1 200 /)
    const got = (await received()).slice(before)
    expect(got.map((r) => r.body.toString())).toEqual(['{"a":"x","b":[1.5,2]}'])
  })
})

describe('e2e: nothing reaches the upstream for a rejected input', () => {
  const big = `{"path":"${'a'.repeat(3000)}"}`
  const cases: Array<[string, () => Promise<string | Response>, RegExp | number, string]> = [
    ['wrong content type', () => post('fs.read', '{"path":"/a"}', { 'content-type': 'text/plain' }), 415, 'ERR_INTAKE_CONTENT_TYPE'],
    ['a content encoding', () => post('fs.read', '{"path":"/a"}', { 'content-encoding': 'gzip' }), 415, 'ERR_INTAKE_CONTENT_ENCODING'],
    ['an oversize body', () => post('fs.read', big), 413, 'ERR_INTAKE_TOO_LARGE'],
    [
      'Content-Length together with Transfer-Encoding',
      () => raw(`POST /v1/tools/fs.read HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TOKEN}\r\nContent-Type: application/json\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n2\r\n{}\r\n0\r\n\r\n`),
      /^HTTP\/1\.1 400 /,
      'ERR_INTAKE_MALFORMED_HTTP',
    ],
    ['a duplicate key', () => post('fs.read', '{"path":"/a","path":"/b"}'), 400, 'ERR_CANONICAL_DUPLICATE_KEY'],
    ['a bad token', () => post('fs.read', '{"path":"/a"}', { authorization: 'Bearer wrong-wrong-wrong-wrong' }), 401, 'ERR_INTAKE_UNAUTHENTICATED'],
    ['a denied tool', () => post('shell.exec', '{"argv":["rm","-rf","/"]}'), 403, 'ERR_POLICY_DENIED'],
    ['an unknown tool', () => post('db.drop', '{"table":"users"}'), 404, 'ERR_GATE_UNKNOWN_TOOL'],
    [
      'chunked input over the limit',
      () => raw(`POST /v1/tools/fs.read HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TOKEN}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n` + `400\r\n${'{'.padEnd(1024, ' ')}\r\n`.repeat(3) + '0\r\n\r\n'),
      /^HTTP\/1\.1 413 /,
      'ERR_INTAKE_TOO_LARGE',
    ],
    [
      'Content-Length: 0 with a body (CVE-2024-41110)',
      () => raw(`POST /v1/tools/fs.read HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TOKEN}\r\nContent-Type: application/json\r\nContent-Length: 0\r\nConnection: close\r\n\r\n{"path":"/workspace/a"}`),
      /^HTTP\/1\.1 400 /,
      'ERR_INTAKE_MALFORMED_HTTP',
    ],
    [
      'a percent-encoded tool path',
      () => raw(`POST /v1/tools/fs%2eread HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TOKEN}\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`),
      /^HTTP\/1\.1 400 /,
      'ERR_INTAKE_BAD_PATH',
    ],
    [
      'a dot-segment path',
      () => raw(`POST /v1/tools/../tools/fs.read HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TOKEN}\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`),
      /^HTTP\/1\.1 400 /,
      'ERR_INTAKE_BAD_PATH',
    ],
  ]
  it.each(cases)('%s', async (_name, send, status, code) => {
    const before = (await received()).length
    const res = await send()
    if (res instanceof Response) {
      expect(res.status).toBe(status)
      expect(((await res.json()) as { code: string }).code).toBe(code)
    } else {
      expect(res).toMatch(status as RegExp)
      expect(res).toContain(`"code":"${code}"`)
    }
    await new Promise((r) => setTimeout(r, 50))
    expect((await received()).length).toBe(before)
  })
})
