/** Builds a gate app on real parts (policy, keys, audit log in a temp dir) with the network injected. */
import { mkdtemp, readFile, readdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateKeyPair } from '../../src/binding/index.js'
import type { SigningKey } from '../../src/binding/index.js'
import { openAuditWriter } from '../../src/audit/index.js'
import type { AuditWriter } from '../../src/audit/index.js'
import { DEFAULT_CANONICAL_OPTIONS } from '../../src/canonical/index.js'
import { ConfigSchema } from '../../src/config/index.js'
import { createCircuit, createGateApp, compileRoutes, createLimiter } from '../../src/gate/index.js'
import type { ForwardRequest, ForwardResponse, GateDeps, UpstreamRuntime } from '../../src/gate/index.js'
import { createAuthenticator } from '../../src/intake/index.js'
import { compilePolicy } from '../../src/policy/index.js'

export const TOKEN = 'tok-coder-0123456789abcdef'
export const NOW = Date.UTC(2026, 10, 28, 12, 0, 0)

export const POLICY = `
rules:
  - id: read-workspace
    effect: allow
    agents: [coder]
    tools: [fs.read]
    when:
      - { pointer: /path, pathUnder: /workspace }
  - id: no-secrets
    effect: deny
    agents: ["*"]
    tools: ["fs.*"]
    when:
      - { pointer: /path, pattern: "(^|/)\\\\.env$" }
  - id: echo
    effect: allow
    agents: [coder]
    tools: [shell.exec]
    when:
      - { pointer: /argv/0, equals: echo }
`

export interface Harness {
  app: ReturnType<typeof createGateApp>
  deps: GateDeps
  key: SigningKey
  audit: AuditWriter
  auditDir: string
  sent: ForwardRequest[]
  upstream: UpstreamRuntime
  /** What the injected upstream answers; may throw a VerbatimError to simulate transport faults. */
  reply: (req: ForwardRequest) => Promise<ForwardResponse>
  records(): Promise<Array<Record<string, unknown>>>
}

export async function harness(overrides: Partial<GateDeps> = {}): Promise<Harness> {
  const key = await generateKeyPair()
  const auditDir = await mkdtemp(join(tmpdir(), 'verbatim-gate-'))
  const audit = await openAuditWriter({ dir: auditDir, process: 'gate', signer: { kid: key.kid, privateKey: key.privateKey }, groupCommitDelayMs: 0 })
  const config = ConfigSchema.parse({
    policies: ['unused'],
    agents: [{ id: 'coder', token: { env: 'CODER_TOKEN' } }],
    upstreams: [{ name: 'sandbox', url: 'http://127.0.0.1:9', audience: 'sandbox-1', maxConcurrent: 1, maxQueue: 1 }],
    routes: [{ tools: ['fs.*', 'shell.exec'], upstream: 'sandbox' }],
    signing: { keyFile: 'unused' },
  })
  const upstreamConfig = config.upstreams[0]!
  const upstream: UpstreamRuntime = { config: upstreamConfig, limiter: createLimiter(1, 1), circuit: createCircuit(upstreamConfig.circuit, () => NOW), guard: 'guarded' }
  const policy = compilePolicy([{ path: 'test.yaml', text: POLICY }])
  const sent: ForwardRequest[] = []
  let seq = 0
  const h: Harness = {
    key,
    audit,
    auditDir,
    sent,
    upstream,
    reply: async () => ({ status: 200, headers: { 'content-type': 'application/json', 'verbatim-receipt': 'r.e.c' }, body: new TextEncoder().encode('{"ok":true}') }),
    async records() {
      const files = (await readdir(auditDir)).filter((f) => f.endsWith('.jsonl')).sort()
      const lines = (await Promise.all(files.map((f) => readFile(join(auditDir, f), 'utf8')))).join('').split('\n').filter(Boolean)
      return lines.map((l) => JSON.parse(l) as Record<string, unknown>)
    },
  } as unknown as Harness
  const deps: GateDeps = {
    authenticate: createAuthenticator(config.agents, { CODER_TOKEN: TOKEN }),
    routes: compileRoutes(config),
    upstreams: new Map([['sandbox', upstream]]),
    policy: () => policy,
    signingKey: key,
    publicKeys: [key.publicJwk],
    audit,
    forward: async (req) => {
      sent.push(req)
      return h.reply(req)
    },
    canonical: { ...DEFAULT_CANONICAL_OPTIONS, maxBytes: 4096 },
    ttlSeconds: 60,
    forwardHeaders: [],
    now: () => NOW,
    newDecisionId: () => `d-${++seq}`,
    newNonce: () => `nonce-${String(seq).padStart(20, '0')}`,
    ...overrides,
  }
  h.deps = deps
  h.app = createGateApp(deps)
  return h
}

export async function call(h: Harness, tool: string, body: string | Uint8Array | null, headers: Record<string, string> = {}): Promise<Response> {
  return await h.app.request(`/v1/tools/${tool}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', ...headers },
    body,
  })
}
