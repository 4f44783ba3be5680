import { describe, expect, it } from 'vitest'
import { canonicalBytes } from '../../src/canonical/index.js'
import { callLine } from '../../src/guard/executor-stdio.js'
import { spawnMcpChild } from '../../src/guard/mcp-child.js'
import { GuardConfigSchema } from '../../src/guard/config.js'
import { stdioExecutor } from '../../src/guard/index.js'
import type { VerifiedBinding } from '../../src/guard/index.js'

const verified = (n: number): VerifiedBinding => {
  const bytes = new TextEncoder().encode(`{"n":${n}}`)
  return { decisionId: `d-${n}`, agent: 'a', tool: 't', policyDigest: '', audience: 'x', value: { n }, bytes, digest: '', keyid: 'k', nonce: `n-${n}`, created: 0, expires: 1 }
}

describe('stdio executor queue', () => {
  it('refuses a call beyond maxQueue with 503 ERR_GUARD_EXECUTOR_BUSY while one runs', async () => {
    // A child that answers each line after 300 ms: one call runs, one waits, the third is refused.
    const script = 'const rl=require("readline").createInterface({input:process.stdin});rl.on("line",l=>setTimeout(()=>process.stdout.write(l+"\\n"),300))'
    const ex = stdioExecutor({ command: [process.execPath, '-e', script], timeoutMs: 10_000, maxQueue: 1, line: 'arguments' as const, maxLineBytes: 1024, passEnv: [] })
    try {
      const first = ex.run(verified(1), '/v1/tools/t')
      const second = ex.run(verified(2), '/v1/tools/t')
      await expect(ex.run(verified(3), '/v1/tools/t')).rejects.toMatchObject({ code: 'ERR_GUARD_EXECUTOR_BUSY', status: 503 })
      expect(new TextDecoder().decode((await first).body)).toBe('{"n":1}')
      expect(new TextDecoder().decode((await second).body)).toBe('{"n":2}')
    } finally {
      await ex.close()
    }
  })
})

describe('stdio executor answer lines', () => {
  it('refuses an answer line over maxLineBytes even when it arrives whole in one chunk, and stops the child', async () => {
    const script = 'const rl=require("readline").createInterface({input:process.stdin});rl.on("line",()=>process.stdout.write(JSON.stringify({pad:"x".repeat(2048)})+"\\n"))'
    const ex = stdioExecutor({ command: [process.execPath, '-e', script], timeoutMs: 10_000, maxQueue: 1, line: 'arguments', maxLineBytes: 1024, passEnv: [] })
    try {
      await expect(ex.run(verified(1), '/v1/tools/t')).rejects.toMatchObject({ code: 'ERR_GUARD_EXECUTOR_UNAVAILABLE', status: 502 })
    } finally {
      await ex.close()
    }
  })
})

describe('stdio executor call line', () => {
  it("with line: call, the child learns the tool and decision, and the line is itself canonical JSON holding the verified bytes", async () => {
    const script = 'const rl=require("readline").createInterface({input:process.stdin});rl.on("line",l=>process.stdout.write(JSON.stringify({got:l})+"\\n"))'
    const ex = stdioExecutor({ command: [process.execPath, '-e', script], timeoutMs: 10_000, maxQueue: 1, line: 'call', maxLineBytes: 4096, passEnv: [] })
    try {
      const out = JSON.parse(new TextDecoder().decode((await ex.run(verified(5), '/v1/tools/t')).body)) as { got: string }
      expect(out.got).toBe('{"arguments":{"n":5},"decisionId":"d-5","tool":"t"}')
      expect(new TextDecoder().decode(canonicalBytes(new TextEncoder().encode(out.got)).bytes)).toBe(out.got)
    } finally {
      await ex.close()
    }
  })

  it('by default, the line is the verified bytes alone', () => {
    expect(callLine(verified(6)).toString()).toBe('{"n":6}\n')
  })
})

describe("a child's environment", () => {
  // A child that answers each line with the names and values of its environment.
  const script = 'const rl=require("readline").createInterface({input:process.stdin});rl.on("line",()=>process.stdout.write(JSON.stringify(process.env)+"\\n"))'
  const guardEnv = { GUARD_SECRET_FOR_TEST: 'redis://:hunter2@127.0.0.1:6379', TOOL_TOKEN_FOR_TEST: 't0k', VERBATIM_GUARD_REPLAY_FOR_TEST: 'x' }

  async function withGuardEnv<T>(f: () => Promise<T>): Promise<T> {
    Object.assign(process.env, guardEnv)
    try {
      return await f()
    } finally {
      for (const k of Object.keys(guardEnv)) delete process.env[k]
    }
  }

  it('a stdio tool gets the safe list and the variables passEnv names, never the rest of the guard\'s', async () => {
    const env = await withGuardEnv(async () => {
      const ex = stdioExecutor({ command: [process.execPath, '-e', script], timeoutMs: 10_000, maxQueue: 1, line: 'arguments', maxLineBytes: 1 << 20, passEnv: ['TOOL_TOKEN_FOR_TEST', 'NOT_SET_FOR_TEST'] })
      try {
        return JSON.parse(new TextDecoder().decode((await ex.run(verified(1), '/v1/tools/t')).body)) as Record<string, string>
      } finally {
        await ex.close()
      }
    })
    expect(env['TOOL_TOKEN_FOR_TEST']).toBe('t0k')
    expect(env['PATH']).toBe(process.env['PATH'])
    expect(Object.keys(env).filter((k) => k.includes('FOR_TEST'))).toEqual(['TOOL_TOKEN_FOR_TEST'])
    expect(Object.keys(env).every((k) => ['HOME', 'LOGNAME', 'PATH', 'SHELL', 'TERM', 'USER', 'TOOL_TOKEN_FOR_TEST'].includes(k))).toBe(true)
  })

  it('a stdio MCP server gets the same, and nothing else', async () => {
    const env = await withGuardEnv(async () => {
      const rpc = 'const rl=require("readline").createInterface({input:process.stdin});rl.on("line",()=>process.stdout.write(JSON.stringify({jsonrpc:"2.0",id:1,result:{env:process.env}})+"\\n"))'
      const child = await spawnMcpChild({ command: [process.execPath, '-e', rpc], passEnv: ['TOOL_TOKEN_FOR_TEST'] }, () => undefined)
      try {
        const line = new Promise<string>((resolve) => (child.onmessage = (_m, text) => resolve(text)))
        child.write(new TextEncoder().encode('{"jsonrpc":"2.0","id":1,"method":"ping"}'))
        return (JSON.parse(await line) as { result: { env: Record<string, string> } }).result.env
      } finally {
        await child.close()
      }
    })
    expect(Object.keys(env).filter((k) => k.includes('FOR_TEST'))).toEqual(['TOOL_TOKEN_FOR_TEST'])
  })

  it('refuses a VERBATIM_ variable in passEnv: the guard\'s own settings are never the child\'s', () => {
    const r = GuardConfigSchema.safeParse({ audience: 'a', keys: { file: 'k.json' }, executor: { command: ['x'], passEnv: ['VERBATIM_GUARD_REPLAY'] } })
    expect(r.success).toBe(false)
    expect(JSON.stringify(r.error?.issues)).toContain('not a VERBATIM_ one')
  })
})
