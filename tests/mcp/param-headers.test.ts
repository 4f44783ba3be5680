/**
 * The mirrored headers of MCP 2026-07-28 (streamable-http, Custom Headers from Tool Parameters): the
 * Value Encoding of Mcp-Name and Mcp-Param-*, the x-mcp-header annotations of a tool, the Server
 * Validation of a tools/call's headers against its arguments, and the digest a decision binds them with.
 */
import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { decodeHeaderValue, paramHeaderConflict, paramHeadersDigest, paramHeadersOf, routingHeaderConflict, readRpcMessage, subjectOf } from '../../src/mcp/index.js'
import type { ToolParamHeaders } from '../../src/mcp/index.js'

describe('the Value Encoding of a mirrored header', () => {
  it.each([
    ['us-west1', 'us-west1'],
    ['=?base64?SGVsbG8sIOS4lueVjA==?=', 'Hello, 世界'],
    ['=?base64?IHBhZGRlZCA=?=', ' padded '],
    ['=?base64?bGluZTEKbGluZTI=?=', 'line1\nline2'],
    ['=?base64?PT9iYXNlNjQ/bGl0ZXJhbD89?=', '=?base64?literal?='],
    ['=?BASE64?SGk=?=', '=?BASE64?SGk=?='], // the markers are case-sensitive: this is a plain value
  ])('reads %s as %j (the table of the specification)', (header, value) => {
    expect(decodeHeaderValue(header)).toBe(value)
  })

  it.each([
    ['stray bits in the last character', '=?base64?SGl=?='],
    ['no padding', '=?base64?SGk?='],
    ['a character outside Base64', '=?base64?S-k=?='],
    ['bytes that are not UTF-8', '=?base64?/w==?='],
  ])('never matches a body value when the payload has %s', (_why, header) => {
    expect(decodeHeaderValue(header)).toBeUndefined()
  })

  it('compares Mcp-Name after decoding, and refuses one that decodes to another name', () => {
    const read = readRpcMessage({ jsonrpc: '2.0', id: 1, method: 'resources/read', params: { uri: 'file:///données/a.txt' } })
    const subject = subjectOf(read)
    const encoded = `=?base64?${Buffer.from('file:///données/a.txt').toString('base64')}?=`
    expect(routingHeaderConflict(subject, read, 'resources/read', encoded)).toBeUndefined()
    expect(routingHeaderConflict(subject, read, 'resources/read', '=?base64?ZmlsZTovLy9ldGMvcGFzc3dk?=')).toMatch(/Mcp-Name/) // file:///etc/passwd
  })
})

const SCHEMA = {
  type: 'object',
  properties: {
    region: { type: 'string', 'x-mcp-header': 'Region' },
    limit: { type: 'integer', 'x-mcp-header': 'Limit' },
    dry: { type: 'boolean', 'x-mcp-header': 'Dry' },
    target: { type: 'object', properties: { host: { type: 'string', 'x-mcp-header': 'Host' } } },
    query: { type: 'string' },
  },
}

describe('the x-mcp-header annotations of a tool', () => {
  it('maps each annotated property, nested ones too, by lowercased header name', () => {
    const t = paramHeadersOf(SCHEMA)
    expect(t.ok).toBe(true)
    if (!t.ok) return
    expect([...t.byHeader.entries()].map(([k, a]) => [k, a.header, a.path.join('.'), a.type]).sort()).toEqual([
      ['mcp-param-dry', 'Mcp-Param-Dry', 'dry', 'boolean'],
      ['mcp-param-host', 'Mcp-Param-Host', 'target.host', 'string'],
      ['mcp-param-limit', 'Mcp-Param-Limit', 'limit', 'integer'],
      ['mcp-param-region', 'Mcp-Param-Region', 'region', 'string'],
    ])
  })

  it.each([
    ['under items', { type: 'object', properties: { xs: { type: 'array', items: { type: 'string', 'x-mcp-header': 'X' } } } }, /outside the properties chain/],
    ['under anyOf', { anyOf: [{ type: 'object', properties: { a: { type: 'string', 'x-mcp-header': 'A' } } }] }, /outside the properties chain/],
    ['on the root', { type: 'object', 'x-mcp-header': 'Root' }, /outside the properties chain/],
    ['a number property', { type: 'object', properties: { n: { type: 'number', 'x-mcp-header': 'N' } } }, /not a string, integer or boolean/],
    ['a name that is not a token', { type: 'object', properties: { a: { type: 'string', 'x-mcp-header': 'Re gion' } } }, /not an RFC 9110 token/],
    ['two names equal without case', { type: 'object', properties: { a: { type: 'string', 'x-mcp-header': 'Zone' }, b: { type: 'string', 'x-mcp-header': 'ZONE' } } }, /twice/],
  ])('makes the whole tool invalid for an annotation %s', (_why, schema, reason) => {
    const t = paramHeadersOf(schema)
    expect(t.ok).toBe(false)
    if (!t.ok) expect(t.reason).toMatch(reason)
  })
})

describe('Mcp-Param-* headers against the arguments they mirror (Server Validation)', () => {
  const tool = paramHeadersOf(SCHEMA)
  const check = (args: Record<string, unknown>, headers: Array<[string, string]>, t: ToolParamHeaders | undefined = tool): string | undefined =>
    paramHeaderConflict(t, 'q', args as never, headers)

  it('accepts headers equal to the arguments, encoded or not, an integer compared as a number', () => {
    expect(check({ region: 'us-west1', limit: 42, dry: false, target: { host: 'h 1 ' } }, [
      ['mcp-param-region', 'us-west1'], ['mcp-param-limit', '42.0'], ['mcp-param-dry', 'false'], ['mcp-param-host', `=?base64?${Buffer.from('h 1 ').toString('base64')}?=`],
    ])).toBeUndefined()
  })

  it('accepts no header for an argument that is absent or null', () => {
    expect(check({ region: null, query: 'x' }, [])).toBeUndefined()
  })

  it.each([
    ['a header that differs from its argument', { region: 'us-west1' }, [['mcp-param-region', 'eu-west1']], /does not match/],
    ['a header whose argument is absent', {}, [['mcp-param-region', 'us-west1']], /is present, but argument region is absent/],
    ['a header whose argument is null', { region: null }, [['mcp-param-region', 'us-west1']], /is present/],
    ['a header whose argument is an object', { region: { a: 1 } }, [['mcp-param-region', '[object Object]']], /not a scalar/],
    ['an argument without its header', { region: 'us-west1' }, [], /is missing/],
    ['a header no argument is mirrored as', { region: 'us-west1' }, [['mcp-param-region', 'us-west1'], ['mcp-param-other', 'x']], /mirrors no argument/],
    ['a malformed encoded value', { region: 'us-west1' }, [['mcp-param-region', '=?base64?dXM=?']], /does not match|malformed/],
    ['an integer spelled with a fraction', { limit: 42 }, [['mcp-param-limit', '42.5']], /does not match/],
    ['a boolean spelled otherwise', { dry: true }, [['mcp-param-dry', 'True']], /does not match/],
  ])('refuses %s', (_why, args, headers, reason) => {
    expect(check(args, headers as Array<[string, string]>)).toMatch(reason)
  })

  it('refuses any header for a tool whose listing the gate has not seen, and passes a call without one', () => {
    expect(paramHeaderConflict(undefined, 'q', { region: 'us-west1' }, [['mcp-param-region', 'us-west1']])).toMatch(/no tools\/list entry of tool q/)
    expect(paramHeaderConflict(undefined, 'q', { region: 'us-west1' }, [])).toBeUndefined()
  })

  it('refuses any header for a tool whose annotations are invalid', () => {
    const bad = paramHeadersOf({ type: 'object', properties: { n: { type: 'number', 'x-mcp-header': 'N' } } })
    expect(check({ n: 1 }, [['mcp-param-n', '1']], bad)).toMatch(/invalid/)
  })
})

describe('the digest a decision binds the Mcp-Param-* headers with', () => {
  it('is over the lowercased names, sorted, whatever order and case they came in', () => {
    const a = paramHeadersDigest([['Mcp-Param-Region', 'us-west1'], ['mcp-param-limit', '42']])
    const b = paramHeadersDigest([['mcp-param-limit', '42'], ['mcp-param-region', 'us-west1']])
    expect(Buffer.from(a as Uint8Array).toString('hex')).toBe(Buffer.from(b as Uint8Array).toString('hex'))
    expect(Buffer.from(a as Uint8Array).toString('hex')).toBe(createHash('sha256').update('mcp-param-limit:42\nmcp-param-region:us-west1\n').digest('hex'))
  })

  it('is absent without headers, and null for a value no header of the gate carries', () => {
    expect(paramHeadersDigest([])).toBeUndefined()
    expect(paramHeadersDigest([['mcp-param-a', 'é']])).toBeNull()
  })
})
