import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openAuditWriter, readRecords } from '../../src/audit/index.js'
import { newSigner, tempDir } from './helpers.js'

const AUDIT = new URL('../../dist/src/audit/index.js', import.meta.url).pathname

/** A second process that opens the gate log in `dir`, appends one record and then waits. */
function holder(dir: string): Promise<{ kill: () => Promise<void> }> {
  const code = `
    import { generateKeyPairSync } from 'node:crypto'
    const { openAuditWriter } = await import(${JSON.stringify(AUDIT)})
    const w = await openAuditWriter({ dir: ${JSON.stringify(dir)}, process: 'gate', signer: { kid: 'other', privateKey: generateKeyPairSync('ed25519').privateKey } })
    await w.append('decision', { decisionId: 'held' })
    console.log('open')
    setInterval(() => {}, 1000)`
  const child = spawn(process.execPath, ['--input-type=module', '-e', code], { stdio: ['ignore', 'pipe', 'inherit'] })
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      if (d.toString().includes('open')) resolve({ kill: () => new Promise((r) => { child.once('exit', () => r()); child.kill('SIGKILL') }) })
    })
    child.once('exit', (c) => reject(new Error(`holder exited ${c}`)))
  })
}

describe('audit log lock: one writer per log', () => {
  it('refuses to open a log another live process is writing, and takes over once it died', async () => {
    const dir = tempDir()
    const other = await holder(dir)
    await expect(openAuditWriter({ dir, process: 'gate', signer: newSigner() })).rejects.toMatchObject({
      code: 'ERR_AUDIT_UNAVAILABLE',
      message: expect.stringContaining('in use by process') as string,
    })
    await other.kill()
    const w = await openAuditWriter({ dir, process: 'gate', signer: newSigner() })
    await w.append('decision', { decisionId: 'mine' })
    await w.close()
    expect(existsSync(join(dir, 'gate.lock'))).toBe(false)
    const ids = (await readRecords(dir)).filter((r) => r.type === 'decision').map((r) => r.decisionId)
    expect(ids).toEqual(['held', 'mine'])
  })

  it('lets another process name share the directory', async () => {
    const dir = tempDir()
    const gate = await openAuditWriter({ dir, process: 'gate', signer: newSigner() })
    const guard = await openAuditWriter({ dir, process: 'guard', signer: newSigner() })
    await Promise.all([gate.close(), guard.close()])
  })
})
