import { describe, expect, it } from 'vitest'
import { canonicalBytes } from '../../src/canonical/index.js'
import type { VerbatimError } from '../../src/errors/index.js'
import { methodMatches, policyName, readRpcMessage, routingHeaderConflict, splitPolicyName, subjectOf, transportSubject } from '../../src/mcp/index.js'

const read = (text: string): ReturnType<typeof readRpcMessage> => readRpcMessage(canonicalBytes(new TextEncoder().encode(text)).value)
const codeOf = (text: string): string => {
  try {
    subjectOf(read(text))
  } catch (e) {
    return (e as VerbatimError).code
  }
  return 'ok'
}

describe('JSON-RPC messages (JSON-RPC 2.0 §4, §5)', () => {
  it('reads requests, notifications and responses', () => {
    expect(read('{"jsonrpc":"2.0","id":1,"method":"tools/list"}')).toEqual({ kind: 'request', id: 1, method: 'tools/list', params: undefined })
    expect(read('{"jsonrpc":"2.0","id":"a","method":"ping","params":{}}')).toEqual({ kind: 'request', id: 'a', method: 'ping', params: {} })
    expect(read('{"jsonrpc":"2.0","method":"notifications/initialized"}')).toMatchObject({ kind: 'notification', method: 'notifications/initialized' })
    expect(read('{"jsonrpc":"2.0","id":3,"result":{}}')).toEqual({ kind: 'response', id: 3 })
    expect(read('{"jsonrpc":"2.0","id":3,"error":{"code":-1,"message":"x"}}')).toEqual({ kind: 'response', id: 3 })
  })

  it.each([
    ['a batch', '[{"jsonrpc":"2.0","id":1,"method":"ping"}]', 'ERR_MCP_BATCH'],
    ['an empty batch', '[]', 'ERR_MCP_BATCH'],
    ['a string', '"ping"', 'ERR_MCP_INVALID_MESSAGE'],
    ['no jsonrpc', '{"id":1,"method":"ping"}', 'ERR_MCP_INVALID_MESSAGE'],
    ['jsonrpc 2', '{"jsonrpc":2,"id":1,"method":"ping"}', 'ERR_MCP_INVALID_MESSAGE'],
    ['a numeric method', '{"jsonrpc":"2.0","id":1,"method":1}', 'ERR_MCP_INVALID_MESSAGE'],
    ['an empty method', '{"jsonrpc":"2.0","id":1,"method":""}', 'ERR_MCP_INVALID_MESSAGE'],
    ['a boolean id', '{"jsonrpc":"2.0","id":true,"method":"ping"}', 'ERR_MCP_INVALID_MESSAGE'],
    ['a null id', '{"jsonrpc":"2.0","id":null,"method":"ping"}', 'ERR_MCP_INVALID_MESSAGE'],
    ['a fractional id', '{"jsonrpc":"2.0","id":2.5,"method":"ping"}', 'ERR_MCP_INVALID_MESSAGE'],
    ['params as an array', '{"jsonrpc":"2.0","id":1,"method":"ping","params":[1]}', 'ERR_MCP_INVALID_MESSAGE'],
    ['a request with a result', '{"jsonrpc":"2.0","id":1,"method":"ping","result":{}}', 'ERR_MCP_INVALID_MESSAGE'],
    ['a response with both result and error', '{"jsonrpc":"2.0","id":1,"result":{},"error":{"code":1,"message":"m"}}', 'ERR_MCP_INVALID_MESSAGE'],
    ['a response without an id', '{"jsonrpc":"2.0","result":{}}', 'ERR_MCP_INVALID_MESSAGE'],
    ['a tools/call without a name', '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"arguments":{}}}', 'ERR_MCP_INVALID_MESSAGE'],
    ['a tool name with a space', '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"rm -rf"}}', 'ERR_MCP_INVALID_MESSAGE'],
    ['a non-ASCII tool name', '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"écho"}}', 'ERR_MCP_INVALID_MESSAGE'],
    ['arguments that are not an object', '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":[1]}}', 'ERR_MCP_INVALID_MESSAGE'],
    ['a resources/read without a uri', '{"jsonrpc":"2.0","id":1,"method":"resources/read","params":{}}', 'ERR_MCP_INVALID_MESSAGE'],
  ])('refuses %s', (_n, text, code) => {
    expect(codeOf(text)).toBe(code)
  })
})

describe('policy names of MCP messages', () => {
  const name = (text: string): string => policyName('fs', subjectOf(read(text)))
  it('puts the server first and compares names as written', () => {
    expect(name('{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"Read_File","arguments":{"path":"/a"}}}')).toBe('mcp:fs/tools/call/Read_File')
    expect(name('{"jsonrpc":"2.0","id":1,"method":"prompts/get","params":{"name":"p"}}')).toBe('mcp:fs/prompts/get/p')
    expect(name('{"jsonrpc":"2.0","id":1,"method":"resources/read","params":{"uri":"file:///a"}}')).toBe('mcp:fs/resources/read')
    expect(name('{"jsonrpc":"2.0","id":1,"method":"tools/list"}')).toBe('mcp:fs/tools/list')
    expect(name('{"jsonrpc":"2.0","id":1,"result":{}}')).toBe('mcp:fs/response')
    expect(policyName('fs', transportSubject('GET'))).toBe('mcp:fs/stream')
    expect(policyName('fs', transportSubject('DELETE'))).toBe('mcp:fs/session/delete')
  })

  it('refuses a method spelled like another subject\'s name, so that one name means one subject (docs/binding.md §13.3)', () => {
    for (const m of ['response', 'stream', 'session/delete', 'tools/call/echo', 'prompts/get/greet']) {
      expect(codeOf(`{"jsonrpc":"2.0","id":1,"method":"${m}"}`), m).toBe('ERR_MCP_INVALID_MESSAGE')
      expect(codeOf(`{"jsonrpc":"2.0","method":"${m}"}`), m).toBe('ERR_MCP_INVALID_MESSAGE')
    }
    // Near neighbours are plain methods.
    for (const m of ['responses', 'streams', 'session/deleted', 'tools/callx', 'tools/call-echo', 'prompts/getx']) expect(codeOf(`{"jsonrpc":"2.0","id":1,"method":"${m}"}`), m).toBe('ok')
    expect(name('{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo"}}')).toBe('mcp:fs/tools/call/echo')
  })

  it('accepts names of exactly 128 printable characters, and refuses 129 or a trailing newline', () => {
    expect(codeOf(`{"jsonrpc":"2.0","id":1,"method":"${'m'.repeat(128)}"}`)).toBe('ok')
    expect(codeOf(`{"jsonrpc":"2.0","id":1,"method":"${'m'.repeat(129)}"}`)).toBe('ERR_MCP_INVALID_MESSAGE')
    expect(codeOf('{"jsonrpc":"2.0","id":1,"method":"ping\\n"}')).toBe('ERR_MCP_INVALID_MESSAGE')
    expect(codeOf('{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo\\n"}}')).toBe('ERR_MCP_INVALID_MESSAGE')
  })

  it('distinguishes a tool named "list" from the tools/list method', () => {
    expect(name('{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"list"}}')).not.toBe(name('{"jsonrpc":"2.0","id":1,"method":"tools/list"}'))
  })

  it('evaluates a call on its arguments, a resource read on its uri', () => {
    expect(subjectOf(read('{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"x","arguments":{"a":1}}}')).value).toEqual({ a: 1 })
    expect(subjectOf(read('{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"x"}}')).value).toEqual({})
    expect(subjectOf(read('{"jsonrpc":"2.0","id":1,"method":"resources/read","params":{"uri":"u","extra":1}}')).value).toEqual({ uri: 'u' })
  })

  it('splits a signed name into server and suffix, and refuses what is not one', () => {
    expect(splitPolicyName('mcp:fs/tools/call/x')).toEqual({ server: 'fs', suffix: '/tools/call/x' })
    expect(splitPolicyName('fs.read')).toBeUndefined()
    expect(splitPolicyName('mcp:/tools/list')).toBeUndefined()
  })

  it('matches pass-list entries exactly or by a trailing *', () => {
    expect(methodMatches('notifications/*', 'notifications/initialized')).toBe(true)
    expect(methodMatches('tools/list', 'tools/list')).toBe(true)
    expect(methodMatches('tools/list', 'tools/listx')).toBe(false)
    expect(methodMatches('ping', 'Ping')).toBe(false)
  })
})

describe('routing headers against the body (Mcp-Method, Mcp-Name)', () => {
  const conflict = (text: string, method: string | null, nameHeader: string | null): string | undefined => {
    const m = read(text)
    return routingHeaderConflict(subjectOf(m), m, method, nameHeader)
  }
  const CALL = '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo"}}'

  it('agree when absent, or when they say what the body says', () => {
    expect(conflict(CALL, null, null)).toBeUndefined()
    expect(conflict(CALL, 'tools/call', 'echo')).toBeUndefined()
    expect(conflict('{"jsonrpc":"2.0","id":1,"method":"resources/read","params":{"uri":"file:///a"}}', 'resources/read', 'file:///a')).toBeUndefined()
  })

  it('conflict when they name another method or name, a method on a response, or a name on a message that names none', () => {
    expect(conflict(CALL, 'tools/list', null)).toMatch(/Mcp-Method/)
    expect(conflict(CALL, null, 'Echo')).toMatch(/Mcp-Name/)
    expect(conflict('{"jsonrpc":"2.0","id":1,"result":{}}', 'tools/call', null)).toMatch(/a response/)
    expect(conflict('{"jsonrpc":"2.0","id":1,"method":"tools/list"}', null, '')).toMatch(/names nothing/)
  })
})
