/** The binding headers the gate writes directly are what the structured-headers serialiser writes (RFC 8941 §4.1). */
import fc from 'fast-check'
import { Token, serializeDictionary, serializeInnerList } from 'structured-headers'
import { parseDictionary } from '../../src/binding/sf.js'
import type { InnerList, Item } from 'structured-headers'
import { describe, expect, it } from 'vitest'
import { contentDigest, serializeDecision, sha256 } from '../../src/binding/index.js'
import { serializeSignatureParams, signatureParamsList, signatureParamsText } from '../../src/binding/signature-base.js'
import { sfString } from '../../src/binding/sf-write.js'

const printable = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), minLength: 1, maxLength: 40 })
const hex64 = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => Buffer.from(b).toString('hex'))

describe('binding headers written directly', () => {
  it('Content-Digest equals the serialised sha-256 Dictionary for any body (RFC 9530 §2)', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 2048 }), (body) => {
      expect(contentDigest(body)).toBe(serializeDictionary({ 'sha-256': sha256(body) }))
    }), { numRuns: 300 })
  })

  it('Verbatim-Decision equals the Dictionary serialiser for any printable members, quotes and backslashes included', () => {
    fc.assert(fc.property(printable, printable, printable, hex64, printable, fc.option(printable, { nil: undefined }), fc.option(printable, { nil: undefined }), (id, agent, tool, policyDigest, audience, session, protocol) => {
      const members: Record<string, string | Buffer> = { id, agent, tool, policy: Buffer.from(policyDigest, 'hex'), aud: audience }
      if (session !== undefined) members['session'] = session
      if (protocol !== undefined) members['protocol'] = protocol
      const d = { id, agent, tool, policyDigest, audience, ...(session === undefined ? {} : { session }), ...(protocol === undefined ? {} : { protocol }) }
      expect(serializeDecision(d)).toBe(serializeDictionary(members))
    }), { numRuns: 300 })
  })

  it('Verbatim-Decision with param-headers and a person\'s approval equals the Dictionary serialiser (docs/binding.md §14.2)', () => {
    const approver = fc.record({ approver: printable, credentialId: fc.uint8Array({ minLength: 1, maxLength: 64 }).map((b) => Buffer.from(b).toString('base64url')), assertionDigest: hex64 })
    fc.assert(fc.property(printable, hex64, hex64, printable, fc.array(approver, { minLength: 1, maxLength: 4 }), (id, policyDigest, paramHeaders, approvalId, approvers) => {
      const d = { id, agent: 'a', tool: 't', policyDigest, audience: 'x', paramHeaders, approval: { id: approvalId, approvers } }
      const dict = new Map<string, Item | InnerList>([
        ['id', [id, new Map()]], ['agent', ['a', new Map()]], ['tool', ['t', new Map()]], ['policy', [Buffer.from(policyDigest, 'hex'), new Map()]], ['aud', ['x', new Map()]],
        ['param-headers', [Buffer.from(paramHeaders, 'hex'), new Map()]], ['approval', [approvalId, new Map()]],
        ['approvers', [approvers.map((a): Item => [a.approver, new Map([['cred', Buffer.from(a.credentialId, 'base64url')], ['asn', Buffer.from(a.assertionDigest, 'hex')]])]), new Map()]],
      ])
      expect(serializeDecision(d)).toBe(serializeDictionary(dict))
    }), { numRuns: 300 })
  })

  it('@signature-params equals the inner list serialiser for any window, nonce and key id (RFC 9421 §2.3)', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 40 }), fc.integer({ min: 1, max: 86_400 }), printable, printable, (created, ttl, nonce, keyid) => {
      const p = { created, expires: created + ttl, nonce, keyid, alg: 'ed25519', tag: 'verbatim-v1' }
      expect(signatureParamsText(p)).toBe(serializeSignatureParams(signatureParamsList(p)))
      expect(signatureParamsText(p)).toBe(serializeInnerList(signatureParamsList(p)))
    }), { numRuns: 300 })
  })

  it('@signature-params of any parsed inner list, every bare type and true parameters included, is what the serialiser writes (RFC 8941 §4.1.1.1)', () => {
    const key = fc.stringMatching(/^[a-z*][a-z0-9_.*-]{0,6}$/)
    const bare = fc.oneof(fc.integer({ min: -999_999_999_999_999, max: 999_999_999_999_999 }), fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 12 }),
      fc.uint8Array({ maxLength: 40 }).map((b) => Buffer.from(b)), fc.boolean(), fc.integer({ min: -999_999, max: 999_999 }).map((n) => n / 1000),
      fc.stringMatching(/^[A-Za-z*][A-Za-z0-9:/-]{0,8}$/).map((t) => new Token(t)), fc.integer({ min: 0, max: 2 ** 40 }).map((n) => new Date(n * 1000)))
    const params = fc.uniqueArray(fc.tuple(key, bare), { selector: (e) => e[0], maxLength: 4 }).map((e) => new Map(e))
    fc.assert(fc.property(fc.array(fc.tuple(bare, params), { maxLength: 6 }), params, (items, p) => {
      // Through the parser, as the guard has it: Byte Sequences arrive as ArrayBuffers.
      const serialised = serializeInnerList([items, p] as InnerList)
      expect(serializeSignatureParams([items, p] as InnerList)).toBe(serialised)
      expect(serializeSignatureParams(parseDictionary(`a=${serialised}`).get('a') as InnerList)).toBe(serialised)
    }), { numRuns: 1000 })
  })

  it('refuses what an sf-string cannot hold, as the serialiser does', () => {
    for (const bad of ['caf\u00e9', 'a\tb', 'line\n']) {
      expect(() => sfString(bad)).toThrow()
      expect(() => serializeDictionary({ x: bad })).toThrow()
    }
  })
})
