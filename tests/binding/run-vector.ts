/** @module tests/binding/run-vector: a published request vector through the real guard path (intake's reader, then verifyBinding). */
import type { RequestVector } from '../../src/spec/index.js'
import { checkMethod, jwksKeyResolver } from '../../src/binding/index.js'
import { VerbatimError } from '../../src/errors/index.js'
import type { ReplayStore, VerifyBindingOptions } from '../../src/guard/index.js'
import { MemoryReplayStore, verifyBinding } from '../../src/guard/index.js'
import { readBody } from '../../src/intake/index.js'
import { noBody } from '../../src/guard/node.js'

export interface Outcome {
  code: string
  value?: unknown
}

/** The replay store a vector's state describes: unavailable, or a memory store already holding `seenNonces`. */
export async function replayFor(v: RequestVector): Promise<ReplayStore> {
  if (v.verifier.replayStore === 'unavailable') return { claim: async () => { throw new Error('replay store down') } }
  const store = new MemoryReplayStore({ now: () => 0 })
  for (const n of v.verifier.seenNonces ?? []) await store.claim(n, 60_000)
  for (const a of v.verifier.seenApprovals ?? []) await store.claim(`approval:${a}`, 60_000)
  return store
}

/** Options of verifyBinding for a vector's state, every one explicit. */
export async function optionsFor(v: RequestVector): Promise<VerifyBindingOptions> {
  const s = v.verifier
  const o: VerifyBindingOptions = {
    audience: s.audience, keys: jwksKeyResolver({ jwks: { keys: s.keys } }), replay: await replayFor(v),
    now: s.now, skewSeconds: s.skewSeconds, maxTtlSeconds: s.maxTtlSeconds,
  }
  if (s.startedAt !== undefined) o.startedAt = s.startedAt
  if (s.profile !== undefined) o.profile = s.profile
  if (s.approvals !== undefined) o.approvals = s.approvals
  return o
}

/** An MCP GET or DELETE carries no body: the adapters do not read one (docs/binding.md §13.4). */
export function bodiless(v: RequestVector): boolean {
  return v.verifier.profile === 'mcp' && (v.request.method === 'GET' || v.request.method === 'DELETE')
}

/** Runs the pre-checks the adapters run (the method, then the body: ERR_INTAKE_*) and then every step of verifyBinding (0-11). */
export async function runRequestVector(v: RequestVector): Promise<Outcome> {
  const raw = new Uint8Array(Buffer.from(v.request.bodyBase64, 'base64'))
  const h = new Map(Object.entries(v.request.headers).map(([k, x]) => [k.toLowerCase(), x]))
  try {
    let body: Uint8Array = raw
    checkMethod(v.request.method) // the adapters' first check, as node's parser makes it
    // The adapters' pre-check: an MCP GET or DELETE must declare no body; anything else is read with intake's reader.
    if (bodiless(v)) noBody({ headers: { 'content-length': String(raw.byteLength) } })
    else {
      body = await readBody(
        { chunks: (async function* () { if (raw.byteLength > 0) yield raw })(), stop: () => undefined },
        { maxBytes: v.verifier.maxBodyBytes, declaredLength: String(raw.byteLength), transferEncoding: undefined },
      )
    }
    const r = await verifyBinding({ method: v.request.method, path: v.request.path, query: v.request.query, headers: (n) => h.get(n.toLowerCase()) ?? null, headerNames: () => [...h.keys()] }, body, await optionsFor(v))
    return { code: 'accept', value: r.value }
  } catch (e) {
    if (e instanceof VerbatimError) return { code: e.code }
    throw e
  }
}
