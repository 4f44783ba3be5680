/** @module examples/agent/client: how an agent calls the gate: one POST, problem+json errors, careful retries. */

export interface ToolResult {
  status: number
  body: unknown
  decisionId: string | null
  receipt: string | null
}

/** A refusal or failure from the gate, with its stable code (docs/errors.md). */
export class GateError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly decisionId: string | null,
    detail: string | undefined,
  ) {
    super(`${status} ${code}${detail ? `: ${detail}` : ''}`)
    this.name = 'GateError'
  }
}

export interface CallOptions {
  /** Attempts for refusals the gate marks retryable (a Retry-After header); default 3. */
  attempts?: number
  /** Upper bound of one wait, in ms; default 5000. */
  maxWaitMs?: number
  sleep?: (ms: number) => Promise<void>
}

/**
 * Calls `tool` with `args` through the gate. Retries only what the gate says is safe to retry: an
 * answer with Retry-After (overloaded, or the audit log briefly unavailable before anything was
 * forwarded), waiting a random time up to the hint (full jitter), so that 500 agents do not come back
 * at once. A 502/504 is never retried: the tool may have run.
 * @example
 * const r = await callTool('http://127.0.0.1:8080', token, 'fs.read', { path: '/workspace/README.md' })
 */
export async function callTool(gate: string, token: string, tool: string, args: Record<string, unknown>, o: CallOptions = {}): Promise<ToolResult> {
  const attempts = o.attempts ?? 3
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)))
  for (let attempt = 1; ; attempt++) {
    const res = await fetch(`${gate}/v1/tools/${tool}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(args),
    })
    const decisionId = res.headers.get('verbatim-decision-id')
    const type = res.headers.get('content-type') ?? ''
    const text = await res.text()
    const body: unknown = type.includes('json') && text !== '' ? JSON.parse(text) : text
    if (!type.startsWith('application/problem+json')) return { status: res.status, body, decisionId, receipt: res.headers.get('verbatim-receipt') }
    const p = body as { code?: string; detail?: string }
    const retryAfter = Number(res.headers.get('retry-after'))
    if (attempt < attempts && Number.isFinite(retryAfter) && retryAfter > 0) {
      await sleep(Math.random() * Math.min(retryAfter * 1000, o.maxWaitMs ?? 5000))
      continue
    }
    throw new GateError(res.status, p.code ?? 'UNKNOWN', decisionId, p.detail)
  }
}
