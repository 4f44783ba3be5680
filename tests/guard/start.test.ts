import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { generateKeyPair, writeKeyFiles } from '../../src/binding/index.js'
import { checkGuardConfig, startGuard } from '../../src/guard/index.js'
import { BIN, start } from '../e2e/procs.js'

describe('standalone guard start: a key set that is not a JWK Set', () => {
  it('refuses to start with ERR_CONFIG_INVALID naming the single JWK, before any call', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'verbatim-guard-start-'))
    const { publicPath } = await writeKeyFiles(join(dir, 'keys'), await generateKeyPair())
    const config = checkGuardConfig({ listen: { port: 0 }, audience: 'sandbox-1', keys: { jwksFile: publicPath }, audit: { dir: join(dir, 'audit') }, executor: { http: 'http://127.0.0.1:9' } })
    await expect(startGuard(config, { log: () => undefined })).rejects.toMatchObject({
      code: 'ERR_CONFIG_INVALID',
      message: expect.stringContaining('is a single JWK, not a JWK Set') as unknown,
    })
  })

  it('exits 2 (a config fault) from the command line with the same message', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'verbatim-guard-start-'))
    const { publicPath } = await writeKeyFiles(join(dir, 'keys'), await generateKeyPair())
    const p = start(BIN, ['guard', '--audience', 'sandbox-1', '--jwks-file', publicPath, '--port', '0', '--audit-dir', join(dir, 'audit'), '--executor', 'http://127.0.0.1:9'])
    const code = await new Promise<number | null>((r) => p.child.once('exit', r))
    expect(code).toBe(2)
    expect(p.output()).toMatch(/^--jwks-file: .*is a single JWK, not a JWK Set/m)
    expect(p.output()).not.toMatch(/listening on/)
  })
})
