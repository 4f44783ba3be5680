/**
 * The JSON-RPC code of a policy denial is one no SDK reserves: outside the JSON-RPC reserved range
 * (-32768 to -32000, which the 2026-07-28 revision partitions between SDKs and the specification),
 * and none that the official TypeScript SDK (1.32.2) or Python SDK (mcp 2.3.0) defines, so that no
 * framework retries a denial as it would a timeout (-32001, RequestTimeout in both).
 */
import { execFileSync } from 'node:child_process'
import { ErrorCode } from '@modelcontextprotocol/sdk/types.js'
import { describe, expect, it } from 'vitest'
import { VerbatimError } from '../../src/errors/index.js'
import { MCP_DENIED, denialResponse } from '../../src/gate/mcp/deny.js'
import { requireMcpPython } from '../helpers/python-mcp.js'

/** Every integer constant of the Python SDK's JSON-RPC module and its transports' own codes. */
function pythonCodes(): number[] {
  const script = [
    'import json, mcp_types.jsonrpc as j, mcp.server.streamable_http as s',
    'print(json.dumps(sorted({v for m in (j, s) for v in vars(m).values() if isinstance(v, int) and not isinstance(v, bool) and v < 0})))',
  ].join('\n')
  return JSON.parse(execFileSync(requireMcpPython(), ['-c', script], { encoding: 'utf8' })) as number[]
}

describe('the JSON-RPC code of an MCP denial', () => {
  it('is the code a denied request is answered with', () => {
    const r = denialResponse(new VerbatimError('ERR_POLICY_DENIED', 'no'), 7, 'd-1')
    expect(JSON.parse(String(r.body))).toMatchObject({ jsonrpc: '2.0', id: 7, error: { code: MCP_DENIED, data: { code: 'ERR_POLICY_DENIED', decisionId: 'd-1' } } })
  })

  it('lies outside the JSON-RPC reserved range the MCP specification partitions (-32768 to -32000)', () => {
    expect(MCP_DENIED < -32768 || MCP_DENIED > -32000).toBe(true)
  })

  it('is no code the official TypeScript SDK defines (RequestTimeout is -32001)', () => {
    const defined = Object.values(ErrorCode).filter((v): v is number => typeof v === 'number')
    expect(defined).toContain(-32001)
    expect(defined).not.toContain(MCP_DENIED)
  })

  it('is no code the Python SDK mcp 2.3.0 defines', () => {
    const defined = pythonCodes()
    expect(defined).toEqual(expect.arrayContaining([-32001, -32020, -32022]))
    expect(defined).not.toContain(MCP_DENIED)
  })
})
