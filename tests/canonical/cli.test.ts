import { spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { runCli } from '../helpers/cli.js'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const BIN = join(ROOT, 'bin/verbatim')
const dir = mkdtempSync(join(tmpdir(), 'verbatim-canonical-'))

function file(name: string, content: string | Uint8Array): string {
  const p = join(dir, name)
  writeFileSync(p, content)
  return p
}

/** Runs the command in-process with captured streams; stdout as bytes. */
async function run(args: string[], stdin = ''): Promise<{ code: number; out: Buffer; err: string }> {
  const r = await runCli(['canonical', ...args], { stdin })
  return { code: r.code, out: r.bytes, err: r.err }
}

describe('verbatim canonical (in-process)', () => {
  it('writes the canonical bytes of a file with no trailing newline and exits 0', async () => {
    const r = await run([file('ok.json', '{ "b": 1.0, "a": "\\u20ac" }\n')])
    expect(r.code).toBe(0)
    expect(r.out.toString('utf8')).toBe('{"a":"€","b":1}')
    expect(r.err).toBe('')
  })

  it('reads stdin when given -', async () => {
    const r = await run(['-'], '[1E2, -0]')
    expect(r.code).toBe(0)
    expect(r.out.toString()).toBe('[100,0]')
  })

  it('reads stdin when given no file', async () => {
    const r = await run([], '"x"')
    expect(r.out.toString()).toBe('"x"')
  })

  it('writes ERR_…: message to stderr and exits 1 on a rejection', async () => {
    const r = await run([file('dup.json', '{"a":1,"\\u0061":2}')])
    expect(r.code).toBe(1)
    expect(r.out.length).toBe(0)
    expect(r.err).toMatch(/^ERR_CANONICAL_DUPLICATE_KEY: .+ at byte 7\n$/)
  })

  it('exits 1 with ERR_CANONICAL_UTF8 on bytes that are not UTF-8', async () => {
    const r = await run([file('bad.json', new Uint8Array([0x22, 0xc0, 0xaf, 0x22]))])
    expect(r.code).toBe(1)
    expect(r.err).toMatch(/^ERR_CANONICAL_UTF8: /)
  })

  it('exits 2 when the file cannot be read', async () => {
    const r = await run([join(dir, 'missing.json')])
    expect(r.code).toBe(2)
    expect(r.err).toContain('cannot read')
  })

  it('exits 2 on extra arguments', async () => {
    expect((await run(['a', 'b'])).code).toBe(2)
  })
})

describe('bin/verbatim canonical (child process)', () => {
  it('prints canonical bytes from a file and exits 0', () => {
    const r = spawnSync(process.execPath, [BIN, 'canonical', file('child.json', '{"z":[1.50,true],"a":null}')])
    expect(r.status).toBe(0)
    expect(r.stdout.toString()).toBe('{"a":null,"z":[1.5,true]}')
  })

  it('prints canonical bytes from stdin and exits 0', () => {
    const r = spawnSync(process.execPath, [BIN, 'canonical', '-'], { input: '{"b":"\\ud83d\\ude00","a":1e0}' })
    expect(r.status).toBe(0)
    expect(r.stdout).toEqual(Buffer.from('{"a":1,"b":"😀"}'))
  })

  it('exits 1 with the code on stderr for a case-colliding body', () => {
    const r = spawnSync(process.execPath, [BIN, 'canonical', '-'], { input: '{"name":"fs.read","Name":"shell.exec"}' })
    expect(r.status).toBe(1)
    expect(r.stdout.length).toBe(0)
    expect(r.stderr.toString()).toMatch(/^ERR_CANONICAL_CASE_COLLISION: /)
  })
})
