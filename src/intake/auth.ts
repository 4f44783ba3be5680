/** @module intake/auth: bearer tokens compared in constant time against hashed secrets. */
import { createHash, timingSafeEqual } from 'node:crypto'
import { VerbatimError } from '../errors/index.js'

export interface AgentCredential {
  id: string
  token: { env: string } | { sha256: string }
}

export type Authenticator = (authorization: string | undefined) => string

function sha256(s: string): Buffer {
  return createHash('sha256').update(s, 'utf8').digest()
}

/**
 * Resolves each agent's token to its SHA-256 once, at start. A token given by env that is unset
 * is a config error: an agent with no secret must not exist.
 */
export function createAuthenticator(agents: readonly AgentCredential[], env: Readonly<Record<string, string | undefined>>): Authenticator {
  const table = agents.map((a) => {
    if ('sha256' in a.token) return { id: a.id, hash: Buffer.from(a.token.sha256, 'hex') }
    const secret = env[a.token.env]
    if (secret === undefined || secret.length < 16) {
      throw new VerbatimError('ERR_CONFIG_INVALID', `agent '${a.id}': environment variable ${a.token.env} is unset or shorter than 16 characters`)
    }
    return { id: a.id, hash: sha256(secret) }
  })
  return (authorization) => {
    const m = /^Bearer ([\x21-\x7e]{1,512})$/.exec(authorization ?? '')
    const presented = sha256(m?.[1] ?? '')
    let found: string | undefined
    // Compare against every agent, so timing does not reveal which one matched or how far.
    for (const entry of table) {
      if (timingSafeEqual(entry.hash, presented) && m) found ??= entry.id
    }
    if (found === undefined) {
      throw new VerbatimError('ERR_INTAKE_UNAUTHENTICATED', m ? 'token does not match any agent' : 'missing or malformed Authorization header')
    }
    return found
  }
}

/** Whether an Authorization header names an agent, without throwing: a connection's first proof (the route still authenticates each request). */
export function namesAgent(authenticate: Authenticator, authorization: string | undefined): boolean {
  try {
    authenticate(authorization)
    return true
  } catch {
    return false
  }
}
