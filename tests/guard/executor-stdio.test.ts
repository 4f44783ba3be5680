import { describe, expect, it } from 'vitest'
import { canonicalBytes } from '../../src/canonical/index.js'
import { callLine } from '../../src/guard/executor-stdio.js'
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
    const ex = stdioExecutor({ command: [process.execPath, '-e', script], timeoutMs: 10_000, maxQueue: 1, line: 'arguments' as const, maxLineBytes: 1024 })
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
    const ex = stdioExecutor({ command: [process.execPath, '-e', script], timeoutMs: 10_000, maxQueue: 1, line: 'arguments', maxLineBytes: 1024 })
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
    const ex = stdioExecutor({ command: [process.execPath, '-e', script], timeoutMs: 10_000, maxQueue: 1, line: 'call', maxLineBytes: 4096 })
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
