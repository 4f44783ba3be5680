/**
 * The standalone guard (bin/verbatim guard) in front of executors nobody modified: a stdio child
 * and a plain HTTP server. A real gate forwards to it through a recording middlebox (the signed
 * bytes, as they crossed the gate → guard hop); both executors record what they received (the stdio
 * child every byte of its stdin) and must have received exactly those bytes, and nothing unsigned.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateKeyPair, jwks, writeKeyFiles } from '../../src/binding/index.js'
import { canonicalBytes } from '../../src/canonical/index.js'
import { BIN, ROOT, start } from './procs.js'
import type { Proc } from './procs.js'
import { earlierRun } from '../helpers/guard-log.js'
import { startRecordingProxy } from '../helpers/recording-proxy.js'
import type { RecordingProxy } from '../helpers/recording-proxy.js'

const TOKEN = 'standalone-token-0123456789'
let dir: string
const procs: Proc[] = []
let gateUrl: string
const guards: Record<'stdio' | 'http', string> = { stdio: '', http: '' }
const hops: Partial<Record<'stdio' | 'http', RecordingProxy>> = {}

async function startGuard(name: string, args: string[]): Promise<string> {
  await earlierRun(join(dir, `audit-${name}`), `${name}-1`)
  const p = start(BIN, ['guard', '--audience', `${name}-1`, '--jwks-file', join(dir, 'jwks.json'), '--port', '0', '--audit-dir', join(dir, `audit-${name}`), ...args])
  procs.push(p)
  return (await p.waitFor(/listening on (http:\/\/\S+)/))[1] ?? ''
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'verbatim-standalone-'))
  const key = await generateKeyPair()
  const { privatePath } = await writeKeyFiles(join(dir, 'keys'), key)
  await writeFile(join(dir, 'jwks.json'), JSON.stringify(jwks([key])))
  await writeFile(join(dir, 'stdio.log'), '')
  await writeFile(join(dir, 'http.jsonl'), '')
  guards.stdio = await startGuard('stdio', ['--', 'node', `${ROOT}tests/e2e/fixtures/stdio-tool.mjs`, join(dir, 'stdio.log')])
  const upstream = start('node', [`${ROOT}tests/e2e/fixtures/recording-upstream.mjs`, join(dir, 'http.jsonl')])
  procs.push(upstream)
  const upPort = (await upstream.waitFor(/listening (\d+)/))[1]
  guards.http = await startGuard('http', ['--executor', `http://127.0.0.1:${upPort}`])
  hops.stdio = await startRecordingProxy(guards.stdio)
  hops.http = await startRecordingProxy(guards.http)
  await writeFile(join(dir, 'policy.yaml'), 'rules:\n  - { id: all, effect: allow, agents: [coder], tools: [stdio.run, http.run] }\n')
  await writeFile(
    join(dir, 'verbatim.yaml'),
    `listen: { host: 127.0.0.1, port: 0 }
policies: [policy.yaml]
agents: [{ id: coder, token: { env: SA_TOKEN } }]
upstreams:
  - { name: stdio, url: "${hops.stdio.url}", audience: stdio-1 }
  - { name: http, url: "${hops.http.url}", audience: http-1 }
routes: [{ tools: [stdio.run], upstream: stdio }, { tools: [http.run], upstream: http }]
signing: { keyFile: ${JSON.stringify(privatePath)} }
audit: { dir: audit }
`,
  )
  const gate = start(BIN, ['serve', '--config', join(dir, 'verbatim.yaml')], { SA_TOKEN: TOKEN })
  procs.push(gate)
  gateUrl = (await gate.waitFor(/listening on (http:\/\/\S+)/))[1] ?? ''
})

afterAll(async () => {
  for (const p of procs.reverse()) await p.stop()
  await hops.stdio?.close()
  await hops.http?.close()
})

const BODY = '{ "z": [1.0, "\\u00e9"], "a": {"k": 1e2} }'
const CANONICAL = Buffer.from(canonicalBytes(new TextEncoder().encode(BODY)).bytes)

function call(base: string, tool: string, headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` }, body = BODY): Promise<Response> {
  return fetch(`${base}/v1/tools/${tool}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body })
}

/** Spellings no serialiser would choose: key orders (RFC 8785 sorts by UTF-16 code units), escapes, numbers, `_meta`, U+2028. */
const SPELLINGS = [
  '{"_meta":{"progressToken":1,"x.example/trace":{"b":2,"a":1}},"b":{"y":2,"x":1},"a":"line\\u2028separator"}',
  '{"\\u0061":1,"b":[{"d":0.5e1,"c":-0,"e":1E-7}]}',
  '{"\\ufb01":4,"\\ud83d\\ude00":3,"é":1,"z":2,"Y":0}',
  '{"deep":{"z":{"y":{"x":[true,false,null,"\\/"]}}},"n":[1.5e3,100e-2,0.1]}',
]

/** The signed POST bodies that crossed a gate → guard hop and that the guard answered 200 (it ran them), in order. */
const accepted = (hop: RecordingProxy | undefined): Buffer[] => (hop?.seen ?? []).filter((r) => r.method === 'POST' && r.status === 200).map((r) => r.body)

describe('e2e: the standalone guard', () => {
  it('is found guarded by the gate probes', async () => {
    const ready = await fetch(`${gateUrl}/readyz`)
    expect(ready.status).toBe(200)
  })

  it('hands a stdio executor exactly the canonical bytes and one call', async () => {
    const res = await call(gateUrl, 'stdio.run')
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ ran: 1, bytes: CANONICAL.length })
    expect(res.headers.get('verbatim-receipt')).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/)
    expect(await readFile(join(dir, 'stdio.log'))).toEqual(Buffer.concat([CANONICAL, Buffer.from('\n')]))
  })

  it('hands an HTTP executor exactly the canonical bytes', async () => {
    const res = await call(gateUrl, 'http.run')
    expect(res.status).toBe(200)
    const got = (await readFile(join(dir, 'http.jsonl'), 'utf8')).split('\n').filter(Boolean).map((l) => JSON.parse(l) as { body: string })
    expect(got.map((r) => Buffer.from(r.body, 'base64'))).toEqual([CANONICAL])
  })

  it('hands each executor, call after call, exactly the signed bytes of every call it ran, whatever the agent spelled', async () => {
    for (const body of SPELLINGS) {
      for (const tool of ['stdio.run', 'http.run']) expect((await call(gateUrl, tool, undefined, body)).status).toBe(200)
    }
    const signed = { stdio: accepted(hops.stdio), http: accepted(hops.http) }
    // The gate canonicalised each one (so the hop carries bytes the agent did not send) and signed those.
    expect(signed.stdio.slice(-SPELLINGS.length).map(String)).toEqual(SPELLINGS.map((b) => new TextDecoder().decode(canonicalBytes(new TextEncoder().encode(b)).bytes)))
    expect(signed.stdio.map(String)).not.toContain(SPELLINGS[0])
    // stdio: every byte of the child's stdin is a signed body and its newline, in order, and nothing else.
    expect(await readFile(join(dir, 'stdio.log'))).toEqual(Buffer.concat(signed.stdio.flatMap((b) => [b, Buffer.from('\n')])))
    // HTTP: every request body the executor received is a signed body, in order, and nothing else.
    const got = (await readFile(join(dir, 'http.jsonl'), 'utf8')).split('\n').filter(Boolean).map((l) => Buffer.from((JSON.parse(l) as { body: string }).body, 'base64'))
    expect(got).toEqual(signed.http)
    expect(signed.http.map(String)).toEqual(signed.stdio.map(String))
  })

  it.each(['stdio', 'http'] as const)('refuses an unsigned call straight to the %s guard, and the executor never sees it', async (name) => {
    const before = name === 'stdio' ? await readFile(join(dir, 'stdio.log'), 'utf8') : await readFile(join(dir, 'http.jsonl'), 'utf8')
    const res = await call(guards[name], `${name}.run`, {})
    expect(res.status).toBe(401)
    expect(await res.json()).toMatchObject({ code: 'ERR_GUARD_SIGNATURE_MISSING' })
    const after = name === 'stdio' ? await readFile(join(dir, 'stdio.log'), 'utf8') : await readFile(join(dir, 'http.jsonl'), 'utf8')
    expect(after).toBe(before)
  })
})
