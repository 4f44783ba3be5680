import { describe, expect, it } from 'vitest'
import { parseConfig } from '../../src/config/index.js'
import { VerbatimError } from '../../src/errors/index.js'

const BASE = `listen: { port: 8081 }
policies: [policies/]
agents:
  - id: coder
    token: { env: CODER_TOKEN }
upstreams:
  - name: sandbox
    url: http://127.0.0.1:9090
    audience: sandbox-1
routes:
  - tools: ["fs.*", shell.exec]
    upstream: sandbox
signing: { keyFile: keys/gate.pem }
`

function fault(text: string, env: Record<string, string> = {}): { code: string; message: string } {
  try {
    parseConfig('/etc/verbatim/verbatim.yaml', text, env)
  } catch (e) {
    if (e instanceof VerbatimError) return { code: e.code, message: e.message }
    throw e
  }
  throw new Error('expected a config error')
}

describe('config', () => {
  it('fills defaults and resolves paths against the file', () => {
    const { config } = parseConfig('/etc/verbatim/verbatim.yaml', BASE)
    expect(config.listen).toEqual({ host: '127.0.0.1', port: 8081 })
    expect(config.policies).toEqual(['/etc/verbatim/policies'])
    expect(config.signing).toEqual({ keyFile: '/etc/verbatim/keys/gate.pem', ttlSeconds: 60, previousKeys: [] })
    expect(config.limits).toEqual({ maxBodyBytes: 1048576, maxDepth: 64, maxConnections: 1024, headersTimeoutMs: 10_000, idleTimeoutMs: 5_000, maxInflightBodyBytes: 64 * 1024 * 1024, bodyTimeoutMs: 30_000 })
    expect(config.upstreams[0]?.guarded).toBe(true)
    expect(config.forward.headers).toEqual([])
  })

  it('applies VERBATIM_ overrides, by path, index and JSON subtree', () => {
    const { config, overrides } = parseConfig('/etc/verbatim/verbatim.yaml', BASE, {
      VERBATIM_LISTEN_PORT: '9001',
      VERBATIM_UPSTREAMS_0_URL: 'http://127.0.0.1:7000',
      VERBATIM_LIMITS_MAX_BODY_BYTES: '4096',
      VERBATIM_POLICIES: '["/srv/policies"]',
    })
    expect(config.listen.port).toBe(9001)
    expect(config.upstreams[0]?.url).toBe('http://127.0.0.1:7000')
    expect(config.limits.maxBodyBytes).toBe(4096)
    expect(config.policies).toEqual(['/srv/policies'])
    expect(overrides).toHaveLength(4)
  })

  it('refuses an override that matches no field', () => {
    expect(fault(BASE, { VERBATIM_LISTEN_PROT: '1' }).code).toBe('ERR_CONFIG_INVALID')
  })

  it('names file, line and column of a wrong type', () => {
    const f = fault(BASE.replace('port: 8081', 'port: "x"'))
    expect(f.code).toBe('ERR_CONFIG_INVALID')
    expect(f.message).toContain('/etc/verbatim/verbatim.yaml:1:17: listen.port')
  })

  it('names the position of an unknown key', () => {
    const f = fault(BASE.replace('audience: sandbox-1', 'audience: sandbox-1\n    audiance: typo'))
    expect(f.message).toContain(`verbatim.yaml:10:5: upstreams.0: unknown key 'audiance'; did you mean 'audience'?`)
  })

  it('refuses a duplicate key', () => {
    expect(fault(`${BASE}listen: {}\n`).message).toContain('verbatim.yaml:14:1: Map keys must be unique')
  })

  it('refuses a token in plain text', () => {
    const f = fault(BASE.replace('token: { env: CODER_TOKEN }', 'token: s3cret-token'))
    expect(f.message).toMatch(/verbatim.yaml:5:12: agents\.0\.token/)
  })

  it('refuses a route to an unknown upstream', () => {
    expect(fault(BASE.replace('upstream: sandbox', 'upstream: nowhere')).message).toMatch(/:12:15: routes\.0\.upstream: no upstream named 'nowhere'/)
  })

  it('refuses an unauthenticated-connection budget above the connection cap', () => {
    expect(fault(`${BASE}limits: { maxConnections: 10, maxUnauthenticatedConnections: 11 }\n`).message).toMatch(/limits\.maxUnauthenticatedConnections: at most maxConnections/)
    expect(() => parseConfig('/etc/verbatim/verbatim.yaml', `${BASE}limits: { maxConnections: 10, maxUnauthenticatedConnections: 10 }\n`)).not.toThrow()
  })
})

describe('config: what the file cannot say', () => {
  it('names the environment variable, not the file, for a bad override', () => {
    const f = fault(BASE, { VERBATIM_SIGNING_TTL_SECONDS: 'abc' })
    expect(f.code).toBe('ERR_CONFIG_INVALID')
    expect(f.message).toMatch(/^VERBATIM_SIGNING_TTL_SECONDS \(environment\): signing\.ttlSeconds: /)
  })

  it.each(['connection', 'transfer-encoding', 'te', 'upgrade', 'host', 'authorization', 'content-length', 'signature-input', 'verbatim-decision', 'x-http-method-override', 'x-forwarded-for', 'forwarded', 'accept-encoding', 'repr-digest'])(
    'refuses to forward the %s header',
    (h) => {
      expect(fault(`${BASE}forward: { headers: [x-request-id, ${h}] }\n`).message).toMatch(/forward\.headers\.1: hop-by-hop, framing, credential and binding headers are never forwarded/)
    },
  )

  it('accepts an allow-list of ordinary headers', () => {
    expect(parseConfig('/etc/verbatim/verbatim.yaml', `${BASE}forward: { headers: [x-request-id, traceparent] }\n`).config.forward.headers).toEqual(['x-request-id', 'traceparent'])
  })
})
