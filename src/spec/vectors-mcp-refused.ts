/** @module spec/vectors-mcp-refused: refused request vectors of the MCP profile (docs/binding.md §13.4), by step. */
import type { Kit, RequestVector, VectorStep } from './vector-kit.js'
import type { McpKit, McpOver } from './vectors-mcp.js'
import { MCP_VECTOR_INPUT } from './vectors-mcp.js'

const TARGET = 'ERR_GUARD_TARGET_MISMATCH'
const NOT_CANONICAL = 'ERR_GUARD_NOT_CANONICAL'
const MALFORMED = 'ERR_GUARD_SIGNATURE_MALFORMED'
const LIST = '{"id":2,"jsonrpc":"2.0","method":"tools/list"}'

/** Refusals under profile mcp: the body pre-check, step 0, the new decision members, step 9's rules, and the order of 9, 10, 11. */
export function mcpRefusedVectors(k: Kit, m: McpKit): RequestVector[] {
  const I = MCP_VECTOR_INPUT
  const nonce = k.ok.headers['signature-input']?.match(/nonce="([^"]*)"/)?.[1] ?? ''
  const v = (step: VectorStep, code: string, name: string, over: McpOver = {}, state: Parameters<McpKit['vector']>[4] = {}): RequestVector =>
    m.vector(`MCP: ${name}`, code, step, over, state)
  // A message that step 9 cannot read, signed under the name its method would have.
  const bad = (name: string, body: string, tool = 'mcp:fs/tools/list'): RequestVector => v(9, TARGET, name, { body, tool })
  const decision = (edit: (d: string) => string): McpOver => {
    const d = m.request().headers['verbatim-decision'] ?? ''
    return { headers: { 'verbatim-decision': edit(d) } }
  }
  const edited = m.request({ session: 'another-session' })
  return [
    v('method', 'ERR_INTAKE_MALFORMED_HTTP', 'a GET spelled in lowercase, signed as sent', { method: 'get', body: '', tool: 'mcp:fs/stream' }),

    v('body', 'ERR_INTAKE_LENGTH_MISMATCH', 'a GET with a body', { method: 'GET', body: '{}', tool: 'mcp:fs/stream' }),
    v('body', 'ERR_INTAKE_LENGTH_MISMATCH', 'a DELETE with a body', { method: 'DELETE', body: LIST, tool: 'mcp:fs/session/delete' }),
    v('body', 'ERR_INTAKE_EMPTY_BODY', 'a POST with an empty body', { body: '', tool: 'mcp:fs/stream' }),
    v('body', 'ERR_INTAKE_EMPTY_BODY', 'a PATCH without a body: only GET and DELETE are bodiless', { method: 'PATCH', body: '', tool: 'mcp:fs/stream' }),

    v(0, 'ERR_GUARD_CONTENT_TYPE', 'a POST without a Content-Type', { headers: { 'content-type': null } }),
    v(0, 'ERR_GUARD_CONTENT_TYPE', 'a POST with Content-Type text/event-stream', { headers: { 'content-type': 'text/event-stream' } }),

    v(2, MALFORMED, 'a decision session that is an Integer', decision((d) => d.replace(/session="[^"]*"/, 'session=5'))),
    v(2, MALFORMED, 'a decision session that is an Inner List', decision((d) => d.replace(/session="([^"]*)"/, 'session=("$1")'))),
    v(2, MALFORMED, 'a decision protocol that is an empty String', decision((d) => d.replace(/protocol="[^"]*"/, 'protocol=""'))),

    v(6, 'ERR_GUARD_SIGNATURE_INVALID', 'the session member edited, with a header to match', {
      headers: { 'verbatim-decision': edited.headers['verbatim-decision'] ?? '', 'mcp-session-id': 'another-session' },
    }),

    v(9, TARGET, 'the decision names another tool than the body calls', { body: I.body.replace('"echo"', '"rm"') }),
    v(9, TARGET, 'the decision names the tool in another case: names are compared as written', { tool: 'mcp:fs/tools/call/Echo' }),
    v(9, TARGET, 'the decision names tools/list, the body is a tools/call', { tool: 'mcp:fs/tools/list' }),
    v(9, TARGET, 'Mcp-Session-Id differs from the decision\'s session', { headers: { 'mcp-session-id': 'another-session' } }),
    v(9, TARGET, 'no Mcp-Session-Id, the decision names a session', { headers: { 'mcp-session-id': null } }),
    v(9, TARGET, 'an Mcp-Session-Id, the decision names none', { session: null, headers: { 'mcp-session-id': I.session } }),
    v(9, TARGET, 'an empty Mcp-Session-Id is present, and no decision names an empty session', { session: null, headers: { 'mcp-session-id': '' } }),
    v(9, TARGET, 'MCP-Protocol-Version differs from the decision\'s protocol', { headers: { 'mcp-protocol-version': '2025-06-18' } }),
    v(9, TARGET, 'no MCP-Protocol-Version, the decision names a protocol', { headers: { 'mcp-protocol-version': null } }),
    v(9, TARGET, 'an MCP-Protocol-Version, the decision names none', { protocol: null, headers: { 'mcp-protocol-version': I.protocol } }),
    v(9, TARGET, 'an Mcp-Method header that names another method than the body', { headers: { 'mcp-method': 'tools/list' } }),
    v(9, TARGET, 'an Mcp-Name header that names another tool than the body', { headers: { 'mcp-method': 'tools/call', 'mcp-name': 'rm' } }),
    v(9, TARGET, 'an Mcp-Method header on a response', { body: '{"id":"srv-1","jsonrpc":"2.0","result":{}}', tool: 'mcp:fs/response', headers: { 'mcp-method': 'tools/call' } }),
    v(9, TARGET, 'an Mcp-Name header on a message that names nothing', { body: LIST, tool: 'mcp:fs/tools/list', headers: { 'mcp-name': 'echo' } }),
    bad('a batch of one message', `[${LIST}]`),
    bad('an empty batch', '[]'),
    bad('a string, not an object', '"tools/list"'),
    bad('no jsonrpc member', '{"id":2,"method":"tools/list"}'),
    bad('jsonrpc "1.0"', '{"id":2,"jsonrpc":"1.0","method":"tools/list"}'),
    bad('jsonrpc as a number', '{"id":2,"jsonrpc":2,"method":"tools/list"}'),
    bad('a null id', '{"id":null,"jsonrpc":"2.0","method":"tools/list"}'),
    bad('a boolean id', '{"id":true,"jsonrpc":"2.0","method":"tools/list"}'),
    bad('a fractional id', '{"id":2.5,"jsonrpc":"2.0","method":"tools/list"}'),
    bad('an id of 2^53, beyond the safe integers', '{"id":9007199254740992,"jsonrpc":"2.0","method":"tools/list"}'),
    bad('params that are an array', '{"id":2,"jsonrpc":"2.0","method":"tools/list","params":[]}'),
    bad('params that are null', '{"id":2,"jsonrpc":"2.0","method":"tools/list","params":null}'),
    bad('a request that carries a result', '{"id":2,"jsonrpc":"2.0","method":"tools/list","result":{}}'),
    bad('a response with both result and error', '{"error":{"code":1,"message":"m"},"id":2,"jsonrpc":"2.0","result":{}}', 'mcp:fs/response'),
    bad('a response with neither result nor error', '{"id":2,"jsonrpc":"2.0"}', 'mcp:fs/response'),
    bad('a response without an id', '{"jsonrpc":"2.0","result":{}}', 'mcp:fs/response'),
    bad('an error that is not an object', '{"error":"boom","id":2,"jsonrpc":"2.0"}', 'mcp:fs/response'),
    bad('a method that is not a string', '{"id":2,"jsonrpc":"2.0","method":7}'),
    bad('an empty method', '{"id":2,"jsonrpc":"2.0","method":""}', 'mcp:fs/'),
    bad('a method with a space', '{"id":2,"jsonrpc":"2.0","method":"tools list"}', 'mcp:fs/tools list'),
    bad('a method of 129 characters', `{"id":2,"jsonrpc":"2.0","method":"${'x'.repeat(129)}"}`, `mcp:fs/${'x'.repeat(129)}`),
    bad('a method outside ASCII', '{"id":2,"jsonrpc":"2.0","method":"tools/lïst"}'),
    bad('a tools/call without params', '{"id":1,"jsonrpc":"2.0","method":"tools/call"}', I.tool),
    bad('a tools/call without a name', '{"id":1,"jsonrpc":"2.0","method":"tools/call","params":{"arguments":{}}}', I.tool),
    bad('a tool name that is a number', '{"id":1,"jsonrpc":"2.0","method":"tools/call","params":{"name":7}}', 'mcp:fs/tools/call/7'),
    bad('an empty tool name', '{"id":1,"jsonrpc":"2.0","method":"tools/call","params":{"name":""}}', 'mcp:fs/tools/call/'),
    bad('a tool name with a space', '{"id":1,"jsonrpc":"2.0","method":"tools/call","params":{"name":"rm -rf"}}', 'mcp:fs/tools/call/rm -rf'),
    bad('a tool name outside ASCII', '{"id":1,"jsonrpc":"2.0","method":"tools/call","params":{"name":"écho"}}', I.tool),
    bad('a tool name of 129 characters', `{"id":1,"jsonrpc":"2.0","method":"tools/call","params":{"name":"${'e'.repeat(129)}"}}`, `mcp:fs/tools/call/${'e'.repeat(129)}`),
    bad('tools/call arguments that are an array', '{"id":1,"jsonrpc":"2.0","method":"tools/call","params":{"arguments":[],"name":"echo"}}', I.tool),
    bad('tools/call arguments that are null', '{"id":1,"jsonrpc":"2.0","method":"tools/call","params":{"arguments":null,"name":"echo"}}', I.tool),
    bad('a prompts/get name that is missing', '{"id":3,"jsonrpc":"2.0","method":"prompts/get","params":{}}', 'mcp:fs/prompts/get/'),
    bad('a resources/read without a uri', '{"id":4,"jsonrpc":"2.0","method":"resources/read","params":{}}', 'mcp:fs/resources/read'),
    bad('a resources/read whose uri is not a string', '{"id":4,"jsonrpc":"2.0","method":"resources/read","params":{"uri":1}}', 'mcp:fs/resources/read'),
    bad('a method spelled like a call, tools/call/echo, signed as that call', '{"id":1,"jsonrpc":"2.0","method":"tools/call/echo"}', I.tool),
    bad('a method spelled like a prompt, prompts/get/greet', '{"id":1,"jsonrpc":"2.0","method":"prompts/get/greet"}', 'mcp:fs/prompts/get/greet'),
    bad('a request whose method is response, signed as a response', '{"id":1,"jsonrpc":"2.0","method":"response"}', 'mcp:fs/response'),
    bad('a POST whose method is stream, signed as the GET stream', '{"id":1,"jsonrpc":"2.0","method":"stream"}', 'mcp:fs/stream'),
    bad('a notification whose method is session/delete', '{"jsonrpc":"2.0","method":"session/delete"}', 'mcp:fs/session/delete'),
    v(9, TARGET, 'a GET whose decision names tools/list', { method: 'GET', tool: 'mcp:fs/tools/list' }),
    v(9, TARGET, 'a DELETE whose decision names the stream', { method: 'DELETE', tool: 'mcp:fs/stream' }),
    v(9, TARGET, 'a GET whose decision names a session delete', { method: 'GET', tool: 'mcp:fs/session/delete' }),
    v(9, TARGET, 'a signed PUT with a valid message', { method: 'PUT' }),
    v(9, TARGET, 'a decision tool without the mcp: prefix', { tool: 'fs/tools/call/echo' }),
    v(9, TARGET, 'a decision tool with an empty server', { tool: 'mcp:/tools/call/echo' }),
    v(9, TARGET, 'a decision tool with no suffix', { tool: 'mcp:fs' }),
    v(9, TARGET, 'an MCP binding sent to a tools-profile verifier', {}, { profile: 'tools' }),
    k.vector('MCP: a tools binding sent to an MCP verifier', TARGET, 9, {}, { profile: 'mcp' }),

    v(9, NOT_CANONICAL, 'a body with a duplicate key: step 9 parses strictly', { body: '{"id":1,"id":2,"jsonrpc":"2.0","method":"tools/list"}', tool: 'mcp:fs/tools/list' }),
    v(9, NOT_CANONICAL, 'a body that is not JSON', { body: 'tools/list', tool: 'mcp:fs/tools/list' }),
    v(9, NOT_CANONICAL, 'an id beyond 2^53 that rounds: the parse refuses it before the id rule', { body: '{"id":9007199254740993,"jsonrpc":"2.0","method":"tools/list"}', tool: 'mcp:fs/tools/list' }),
    v(9, NOT_CANONICAL, 'keys that collide under case folding', { body: '{"Method":"tools/call","id":2,"jsonrpc":"2.0","method":"tools/list"}', tool: 'mcp:fs/tools/list' }),
    v(9, NOT_CANONICAL, 'order: a body that does not parse and an already used nonce: step 9 before step 10', { body: '{"id":1,"id":2}', tool: 'mcp:fs/tools/list' }, { seenNonces: [nonce] }),
    v(9, NOT_CANONICAL, 'order: a body that does not parse and a decision that is not MCP: the parse first', { body: '{"id":1,"id":2}', tool: 'fs.read' }),

    v(10, 'ERR_GUARD_REPLAY', 'a GET whose nonce is already claimed', { method: 'GET', tool: 'mcp:fs/stream' }, { seenNonces: [nonce] }),
    v(10, 'ERR_GUARD_BEFORE_START', 'a DELETE inside the restart window', { method: 'DELETE', tool: 'mcp:fs/session/delete' }, { startedAt: k.created }),
    v(10, 'ERR_GUARD_REPLAY', 'order: a replayed message whose keys are out of order: step 10 before step 11', { body: '{"jsonrpc":"2.0","id":2,"method":"tools/list"}', tool: 'mcp:fs/tools/list' }, { seenNonces: [nonce] }),

    v(11, NOT_CANONICAL, 'a message with its keys out of order', { body: '{"jsonrpc":"2.0","id":2,"method":"tools/list"}', tool: 'mcp:fs/tools/list' }),
    v(11, NOT_CANONICAL, 'a message with whitespace', { body: '{"id":2, "jsonrpc":"2.0","method":"tools/list"}', tool: 'mcp:fs/tools/list' }),
    v(11, NOT_CANONICAL, 'an id spelled 1.0: an integer id, but not its canonical spelling', { body: '{"id":1.0,"jsonrpc":"2.0","method":"tools/list"}', tool: 'mcp:fs/tools/list' }),

    v(9, TARGET, 'order: a message out of canonical order and another session: step 9 before step 11', {
      body: '{"jsonrpc":"2.0","id":2,"method":"tools/list"}', tool: 'mcp:fs/tools/list', headers: { 'mcp-session-id': 'another-session' },
    }),
    v(9, TARGET, 'order: another session and an already used nonce: step 9 before step 10', { headers: { 'mcp-session-id': 'another-session' } }, { seenNonces: [nonce] }),
    v(7, 'ERR_GUARD_DIGEST_MISMATCH', 'order: a body changed after signing and another session: step 7 first', {
      sentBody: I.body.replace('"hi"', '"ho"'), headers: { 'mcp-session-id': 'another-session' },
    }),
  ]
}
