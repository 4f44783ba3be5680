import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { generateKeyPair, writeKeyFiles } from '../../src/binding/index.js'
import { ConfigSchema } from '../../src/config/index.js'
import type { ConfigInput } from '../../src/config/index.js'
import { startGate } from '../../src/gate/index.js'

async function setup(over: (dir: string, keyFile: string) => Partial<ConfigInput> = () => ({})): Promise<ReturnType<typeof ConfigSchema.parse>> {
  const dir = await mkdtemp(join(tmpdir(), 'verbatim-start-'))
  const { privatePath } = await writeKeyFiles(join(dir, 'keys'), await generateKeyPair())
  await writeFile(join(dir, 'p.yaml'), 'rules:\n  - { id: r, effect: allow, agents: [a], tools: [t] }\n')
  return ConfigSchema.parse({
    listen: { host: '127.0.0.1', port: 0 },
    policies: [join(dir, 'p.yaml')],
    agents: [{ id: 'a', token: { env: 'START_TOKEN' } }],
    upstreams: [{ name: 'u', url: 'http://127.0.0.1:9', audience: 'u-1', guarded: false }],
    routes: [{ tools: ['t'], upstream: 'u' }],
    signing: { keyFile: privatePath },
    audit: { dir: join(dir, 'audit') },
    probe: { intervalMs: 0 },
    ...over(dir, privatePath),
  })
}

const env = { START_TOKEN: 'start-token-0123456789abcdef' }
const quiet = (): void => undefined

describe('gate start: refuses rather than run half-configured', () => {
  it('starts, serves its JWKS and stops with a clean config', async () => {
    const gate = await startGate(await setup(), { env, log: quiet })
    const res = await fetch(`${gate.url}/.well-known/jwks.json`)
    expect(((await res.json()) as { keys: Array<{ kid: string }> }).keys[0]?.kid).toBe(gate.deps.signingKey.kid)
    await gate.close()
  })

  it('refuses without a readable signing key: ERR_BINDING_KEY', async () => {
    const config = await setup((dir) => ({ signing: { keyFile: join(dir, 'missing.pem') } }))
    await expect(startGate(config, { env, log: quiet })).rejects.toMatchObject({ code: 'ERR_BINDING_KEY' })
  })

  it('refuses a key whose kid is not signing.keyId: ERR_BINDING_KEY', async () => {
    const config = await setup((_dir, keyFile) => ({ signing: { keyFile, keyId: 'A'.repeat(43) } }))
    await expect(startGate(config, { env, log: quiet })).rejects.toMatchObject({ code: 'ERR_BINDING_KEY' })
  })

  it('refuses a policy that does not load: ERR_POLICY_INVALID', async () => {
    const config = await setup((dir) => ({ policies: [join(dir, 'nope.yaml')] }))
    await expect(startGate(config, { env, log: quiet })).rejects.toMatchObject({ code: 'ERR_POLICY_INVALID' })
  })

  it('refuses an agent whose token variable is unset: ERR_CONFIG_INVALID', async () => {
    await expect(startGate(await setup(), { env: {}, log: quiet })).rejects.toMatchObject({ code: 'ERR_CONFIG_INVALID' })
  })
})
