/**
 * @module gate/preflight: every check the gate makes before it listens, in one function that
 * `verbatim serve` (through startGate) and `verbatim config check` both run, so the check cannot
 * answer ok for a config the gate then refuses. Every fault comes at once, each where the config
 * says the thing that is wrong, with the fix.
 */
import { readFile } from 'node:fs/promises'
import type { JWK } from 'jose'
import { auditDirProblem } from '../audit/index.js'
import { loadSigningKey, readKeySetFile } from '../binding/index.js'
import type { SigningKey } from '../binding/index.js'
import type { Config, Path, SourceFault } from '../config/index.js'
import type { ErrorCode } from '../errors/index.js'
import { VerbatimError, isVerbatimError } from '../errors/index.js'
import { createAuthenticator, tokenFaults } from '../intake/index.js'
import type { Authenticator } from '../intake/index.js'
import { PolicyStore, policyWarnings } from '../policy/index.js'

/** One reason the gate would not start, where the config says it, with its error code. */
export interface PreflightFault extends SourceFault {
  code: ErrorCode
}

/** A fault at a config value: at file:line:col when the config came from a file (LoadedConfig.at). */
export type ConfigLocator = (path: Path, message: string) => SourceFault

export interface Preflighted {
  signing: LoadedSigning
  authenticate: Authenticator
  /** Open, not yet watched; the caller closes it. */
  policies: PolicyStore
  /** What the gate says at warn level as it starts: unverified upstreams, rules that cannot match. */
  warnings: string[]
}

export interface LoadedSigning {
  signingKey: SigningKey
  /** Published at /.well-known/jwks.json: the signing key, then the previous keys. */
  publicKeys: JWK[]
}

/** Where a config built in code (not read from a file) says a thing: its path, without a position. */
const unplaced: ConfigLocator = (path, message) => ({ file: 'config', line: 0, col: 0, message: `${path.map(String).join('.')}: ${message}` })

/**
 * Runs every check and returns what they loaded, or throws one VerbatimError listing every fault
 * (`detail.faults`, each with its code; the error's code is the first fault's). What it cannot
 * check without starting: the listen address, and the audit log's lock (a running gate holds it).
 * @example const { signing, authenticate, policies, warnings } = await preflight(loaded.config, { env, at: loaded.at })
 */
export async function preflight(config: Config, o: { env: Readonly<Record<string, string | undefined>>; at?: ConfigLocator }): Promise<Preflighted> {
  const at = o.at ?? unplaced
  const faults: PreflightFault[] = []
  const add = (code: ErrorCode, f: SourceFault): void => void faults.push({ ...f, code })
  for (const t of tokenFaults(config.agents, o.env)) add('ERR_CONFIG_INVALID', at(['agents', t.index, 'token', 'env'], t.message))
  const signing = await loadSigning(config.signing).catch((e: unknown) => {
    const path = (isVerbatimError(e) ? e.detail?.configPath : undefined) as Path | undefined
    add(codeOf(e), at(path ?? ['signing', 'keyFile'], withFix(e, path)))
    return undefined
  })
  for (const [i, u] of config.upstreams.entries()) {
    if (u.receipts === undefined || !('jwksFile' in u.receipts)) continue
    await readKeySetFile(u.receipts.jwksFile).catch((e: unknown) => add(codeOf(e), at(['upstreams', i, 'receipts', 'jwksFile'], messageOf(e))))
  }
  const policies = await PolicyStore.open(config.policies).catch((e: unknown) => {
    const listed = isVerbatimError(e) ? (e.detail?.faults as SourceFault[] | undefined) : undefined
    if (listed === undefined || listed.length === 0) return void add(codeOf(e), at(['policies'], messageOf(e)))
    for (const f of listed) {
      // A policies entry that cannot be read is shown where the config names it.
      const i = f.line === 0 ? config.policies.indexOf(f.file) : -1
      add(codeOf(e), i < 0 ? f : at(['policies', i], `${f.file}: ${f.message}`))
    }
    return undefined
  })
  const audit = await auditDirProblem(config.audit.dir)
  if (audit !== undefined) add('ERR_AUDIT_UNAVAILABLE', at(['audit', 'dir'], audit))
  if (faults.length > 0 || signing === undefined || policies === undefined) {
    policies?.close()
    // File by file, in the order the checks met them; within a file, by position.
    const files = [...new Set(faults.map((f) => f.file))]
    faults.sort((a, b) => files.indexOf(a.file) - files.indexOf(b.file) || a.line - b.line || a.col - b.col)
    throw new VerbatimError(faults[0]?.code ?? 'ERR_CONFIG_INVALID', faults.map((f) => `${f.line === 0 ? f.file : `${f.file}:${f.line}:${f.col}`}: ${f.message}`).join('\n'), { detail: { faults } })
  }
  return { signing, authenticate: createAuthenticator(config.agents, o.env), policies, warnings: [...upstreamWarnings(config), ...await policyWarnings(config, policies.current)] }
}

/** Upstreams whose bindings or answers nobody verifies: the gate runs, and says so loudly. */
function upstreamWarnings(config: Pick<Config, 'upstreams'>): string[] {
  return config.upstreams.flatMap((u) => [
    ...(u.guarded ? [] : [`WARNING: upstream '${u.name}' is configured guarded: false. Bindings to it are NOT verified by anyone.`]),
    ...(u.receipts === undefined ? [`WARNING: upstream '${u.name}' has no receipts key set: its answers are relayed WITHOUT verification (a middlebox could swap or forge them). Set upstreams[].receipts to the guard's jwks.json.`] : []),
  ])
}

/** The error, as ERR_BINDING_KEY unless it has a code, naming the config value it is about (`detail.configPath`). */
function about(path: Path, e: unknown): VerbatimError {
  const v = isVerbatimError(e) ? e : new VerbatimError('ERR_BINDING_KEY', e instanceof Error ? e.message : String(e), { cause: e })
  return new VerbatimError(v.code, v.message, { cause: v.cause ?? v, detail: { ...v.detail, configPath: path } })
}

/**
 * The signing key (its kid checked against signing.keyId) and the keys to publish: it, then the
 * previous ones. Throws ERR_BINDING_KEY, its `detail.configPath` the value at fault.
 */
export async function loadSigning(signing: Config['signing']): Promise<LoadedSigning> {
  const signingKey = await loadSigningKey(signing.keyFile).catch((e: unknown) => {
    throw about(['signing', 'keyFile'], e)
  })
  if (signing.keyId !== undefined && signing.keyId !== signingKey.kid) {
    throw about(['signing', 'keyId'], new VerbatimError('ERR_BINDING_KEY', `${signing.keyFile} has kid ${signingKey.kid}, but signing.keyId says ${signing.keyId}`))
  }
  const previous = await Promise.all(signing.previousKeys.map((p, i) => readJwk(p).catch((e: unknown) => {
    throw about(['signing', 'previousKeys', i], e)
  })))
  return { signingKey, publicKeys: [signingKey.publicJwk, ...previous] }
}

async function readJwk(path: string): Promise<JWK> {
  try {
    const jwk = JSON.parse(await readFile(path, 'utf8')) as JWK
    if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string' || 'd' in jwk) throw new Error('not a public Ed25519 JWK')
    return { kty: jwk.kty, crv: jwk.crv, x: jwk.x, ...(jwk.kid === undefined ? {} : { kid: jwk.kid }), alg: 'EdDSA', use: 'sig' }
  } catch (cause) {
    throw new VerbatimError('ERR_BINDING_KEY', `${path}: ${(cause as Error).message}`, { cause })
  }
}

/** The fault's message, with how to make the key it names when the file is not there. */
function withFix(e: unknown, path: Path | undefined): string {
  const missing = ((e as { cause?: { cause?: NodeJS.ErrnoException } }).cause?.cause?.code ?? (e as { cause?: NodeJS.ErrnoException }).cause?.code) === 'ENOENT'
  return missing && path?.[1] === 'keyFile' ? `${messageOf(e)}; verbatim keys generate --dir DIR writes one (it prints the path)` : messageOf(e)
}

function codeOf(e: unknown): ErrorCode {
  return isVerbatimError(e) ? e.code : 'ERR_CONFIG_INVALID'
}

function messageOf(e: unknown): string {
  if (!isVerbatimError(e)) return e instanceof Error ? e.message : String(e)
  return e.code === 'ERR_CONFIG_INVALID' ? e.message : `${e.code}: ${e.message}`
}
