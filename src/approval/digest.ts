/**
 * @module approval/digest: the bytes an approval covers, and their digest (docs/binding.md §14.1); pure.
 * A tool call's approval covers its canonical body. An MCP request's covers the canonical message
 * without its JSON-RPC `id`: a transport counter that changes when the client sends the call again.
 */
import { createHash } from 'node:crypto'
import canonicalize from 'canonicalize'
import { VerbatimError } from '../errors/index.js'

type Json = string | number | boolean | null | Json[] | { [k: string]: Json }

/** The RFC 8785 bytes an approval covers: the body itself, or (MCP) the message without `id`. */
export function approvedBytes(body: Uint8Array, value: Json, profile: 'tools' | 'mcp'): Uint8Array {
  if (profile === 'tools') return body
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new VerbatimError('ERR_INTERNAL', 'an MCP message is an object')
  const { id: _id, ...rest } = value
  const text = canonicalize(rest)
  if (text === undefined) throw new VerbatimError('ERR_INTERNAL', 'the message has no RFC 8785 form')
  return new TextEncoder().encode(text)
}

/** Lowercase hex SHA-256 of the approved bytes. */
export function approvalDigest(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}
