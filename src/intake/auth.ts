/** @module intake/auth: bearer tokens compared in constant time against hashed secrets. */
import { createHash, timingSafeEqual } from 'node:crypto'
import { VerbatimError } from '../errors/index.js'

export interface AgentCredential {
  id: string
  token: { env: string } | { sha256: string }
}

export type Authenticator = (authorization: string | undefined) => string

/** Why a request was not authenticated: a fixed word, so the client can be told without a secret in it. */
export type UnauthenticatedReason = 'missing' | 'malformed' | 'unknown'

/** The shortest token a variable may hold: shorter is guessable. */
export const MIN_TOKEN_LENGTH = 16

/** An agent whose token variable cannot serve: unset, or too short to be a secret. */
export interface TokenFault {
  /** The agent's index in `agents`. */
  index: number
  variable: string
  message: string
}

function sha256(s: string): Buffer {
  return createHash('sha256').update(s, 'utf8').digest()
}

/**
 * Every agent whose token is given by a variable that is unset or shorter than 16 characters, each
 * with the fix. An agent with no secret must not exist, so the gate does not start with any of these.
 */
export function tokenFaults(agents: readonly AgentCredential[], env: Readonly<Record<string, string | undefined>>): TokenFault[] {
  const out: TokenFault[] = []
  agents.forEach((a, index) => {
    if (!('env' in a.token)) return
    const variable = a.token.env
    const secret = env[variable]
    if (secret === undefined || secret === '') {
      out.push({ index, variable, message: `agent '${a.id}': ${variable} is not set; export ${variable} with the agent's bearer token (${MIN_TOKEN_LENGTH} characters or more, e.g. openssl rand -hex 32) before the gate starts` })
    } else if (secret.length < MIN_TOKEN_LENGTH) {
      out.push({ index, variable, message: `agent '${a.id}': ${variable} holds ${secret.length} characters; a token needs ${MIN_TOKEN_LENGTH} or more (e.g. openssl rand -hex 32)` })
    }
  })
  return out
}

/**
 * Resolves each agent's token to its SHA-256 once, at start. A token given by env that is unset
 * or short is a config error (tokenFaults). A refusal says which of missing, malformed or unknown
 * it was (`detail.reason`), never the token or the agents.
 */
export function createAuthenticator(agents: readonly AgentCredential[], env: Readonly<Record<string, string | undefined>>): Authenticator {
  const faults = tokenFaults(agents, env)
  if (faults.length > 0) throw new VerbatimError('ERR_CONFIG_INVALID', faults.map((f) => f.message).join('\n'), { detail: { tokenFaults: faults } })
  const table = agents.map((a) => ({ id: a.id, hash: 'sha256' in a.token ? Buffer.from(a.token.sha256, 'hex') : sha256(env[a.token.env] ?? '') }))
  return (authorization) => {
    const m = /^Bearer ([\x21-\x7e]{1,512})$/.exec(authorization ?? '')
    const presented = sha256(m?.[1] ?? '')
    let found: string | undefined
    // Compare against every agent, so timing does not reveal which one matched or how far.
    for (const entry of table) {
      if (timingSafeEqual(entry.hash, presented) && m) found ??= entry.id
    }
    if (found === undefined) {
      const reason: UnauthenticatedReason = m ? 'unknown' : authorization === undefined || authorization === '' ? 'missing' : 'malformed'
      throw new VerbatimError('ERR_INTAKE_UNAUTHENTICATED', m ? 'token does not match any agent' : `${reason} Authorization header`, { detail: { reason } })
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
