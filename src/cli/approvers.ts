/**
 * @module cli/approvers: `verbatim approvers invite|list|revoke|export`: one-time enrolment links for
 * the approvers named in approvals.groups, who has enrolled which passkey, taking a passkey back, and
 * the trust file guards read.
 */
import { writeFile } from 'node:fs/promises'
import type { TrustFile } from '../approval/index.js'
import { loadConfig } from '../config/index.js'
import type { ApprovalsConfig } from '../config/index.js'
import { createInvite, readCredentials, readRevocations, relyingParty, revoke } from '../console/index.js'
import type { StoredCredential } from '../console/index.js'
import { isVerbatimError } from '../errors/index.js'
import { parseFlags } from './args.js'
import { parseDuration } from './audit-args.js'
import type { CommandSpec } from './command.js'
import { usageText } from './command.js'
import type { CliIO } from './io.js'

const INVITE_USAGE = usageText('verbatim approvers invite', 'NAME [--config FILE] [--valid DURATION]',
  'Prints a one-time link that enrols one passkey for NAME, an approver of approvals.groups. Send it',
  'to that person only: whoever opens it first enrols. It works once, until it expires (--valid, default',
  '24h). No passwords: the passkey is the approver\'s only credential.',
)
const LIST_USAGE = usageText('verbatim approvers list', '[--config FILE]', 'Prints every approver of approvals.groups, their groups, and the passkeys they enrolled.')
const REVOKE_USAGE = usageText('verbatim approvers revoke', 'NAME (CREDENTIAL_ID ... | --all) [--config FILE]',
  'Takes back passkeys of NAME (a lost device, someone who left): the gate stops counting them at once,',
  'with no restart: they sign nothing in, their console sessions end, and their approvals not yet used',
  'no longer count (a denial stays). Export the trust file again and give it to the guards (SIGHUP).',
  'A revoked passkey cannot enrol again. verbatim approvers list shows the credential ids.',
)
const EXPORT_USAGE = usageText('verbatim approvers export', '[--config FILE] [--out FILE]',
  'Prints (or writes) the approvers trust file a guard reads (guard.yaml approvals.trustFile): the',
  'console\'s RP ID and origin, each approver\'s groups, and their passkeys\' public keys (COSE).',
  'Export it again, and give it to the guards, after an enrolment or a change of groups.',
)

async function approvalsOf(file: string | undefined, io: CliIO): Promise<ApprovalsConfig> {
  const { config } = await loadConfig(file ?? io.env.VERBATIM_CONFIG ?? 'verbatim.yaml', io.env)
  if (config.approvals === undefined) throw new Error('the config has no approvals section')
  return config.approvals
}

function approverNames(a: ApprovalsConfig): string[] {
  return [...new Set(Object.values(a.groups).flat())].sort()
}

/** The groups of approvals.groups that name an approver. */
function groupsOf(a: ApprovalsConfig, name: string): string[] {
  return Object.keys(a.groups).filter((g) => a.groups[g]?.includes(name))
}

/** Each approver's passkeys as enrolled (credentials.json), and which of them an operator revoked. */
async function passkeys(dir: string): Promise<{ of: (name: string) => StoredCredential[]; revoked: ReadonlySet<string> }> {
  const creds = await readCredentials(dir)
  const revoked = new Set((await readRevocations(dir)).map((r) => r.id))
  return { of: (name) => creds.approvers[name] ?? [], revoked }
}

function fail(io: CliIO, e: unknown): number {
  io.stderr.write(`verbatim approvers: ${isVerbatimError(e) ? `${e.code}: ` : ''}${(e as Error).message}\n`)
  return 1
}

async function invite(args: string[], io: CliIO): Promise<number> {
  const f = parseFlags(args, { config: { type: 'string', short: 'c' }, valid: { type: 'string' } }, io, INVITE_USAGE)
  if (f === undefined) return 2
  const name = f.positionals[0]
  if (name === undefined || f.positionals.length > 1) {
    io.stderr.write(INVITE_USAGE)
    return 2
  }
  try {
    const a = await approvalsOf(f.values.config, io)
    if (!approverNames(a).includes(name)) throw new Error(`${name} is in no group of approvals.groups: add them first`)
    const validMs = parseDuration(f.values.valid ?? '24h')
    const expires = Date.now() + validMs
    const token = await createInvite(a.dir, name, expires)
    io.stdout.write(`${a.console.origin}/enrol#${token}\n`)
    io.stderr.write(`verbatim approvers: a one-time link for ${name}, valid until ${new Date(expires).toISOString()}\n`)
    return 0
  } catch (e) {
    return fail(io, e)
  }
}

async function list(args: string[], io: CliIO): Promise<number> {
  const f = parseFlags(args, { config: { type: 'string', short: 'c' } }, io, LIST_USAGE)
  if (f === undefined) return 2
  try {
    const a = await approvalsOf(f.values.config, io)
    const keys = await passkeys(a.dir)
    for (const name of approverNames(a)) {
      const mine = keys.of(name).map((c) => (keys.revoked.has(c.id) ? `${c.id} (revoked)` : c.id))
      io.stdout.write(`${name}  groups: ${groupsOf(a, name).join(', ')}  passkeys: ${mine.length === 0 ? 'none (not enrolled)' : mine.join(', ')}\n`)
    }
    return 0
  } catch (e) {
    return fail(io, e)
  }
}

async function revokeKeys(args: string[], io: CliIO): Promise<number> {
  const f = parseFlags(args, { config: { type: 'string', short: 'c' }, all: { type: 'boolean' } }, io, REVOKE_USAGE)
  if (f === undefined) return 2
  const [name, ...ids] = f.positionals
  if (name === undefined || (ids.length === 0) === (f.values.all !== true)) {
    io.stderr.write(REVOKE_USAGE)
    return 2
  }
  try {
    const a = await approvalsOf(f.values.config, io)
    const theirs = (await passkeys(a.dir)).of(name).map((c) => c.id)
    if (theirs.length === 0) throw new Error(`${name} has no enrolled passkey (verbatim approvers list)`)
    const notTheirs = ids.filter((id) => !theirs.includes(id))
    if (notTheirs.length > 0) throw new Error(`${notTheirs.join(', ')}: not a passkey of ${name} (${name} has ${theirs.join(', ')})`)
    const wanted = ids.length > 0 ? ids : theirs
    const added = await revoke(a.dir, name, wanted, Date.now())
    for (const id of wanted) io.stdout.write(`${id}  ${added.includes(id) ? 'revoked' : 'revoked already'}\n`)
    io.stderr.write(`verbatim approvers: the gate stops counting ${wanted.length === 1 ? 'it' : 'them'} at once; export the trust file again for the guards\n`)
    return 0
  } catch (e) {
    return fail(io, e)
  }
}

async function exportTrust(args: string[], io: CliIO): Promise<number> {
  const f = parseFlags(args, { config: { type: 'string', short: 'c' }, out: { type: 'string' } }, io, EXPORT_USAGE)
  if (f === undefined) return 2
  try {
    const a = await approvalsOf(f.values.config, io)
    const keys = await passkeys(a.dir)
    const rp = relyingParty(a.console)
    const trust: TrustFile = { rpId: rp.rpId, origins: [...rp.origins], userVerification: rp.userVerification, approvers: {} }
    for (const name of approverNames(a)) {
      trust.approvers[name] = { groups: groupsOf(a, name), credentials: keys.of(name).filter((c) => !keys.revoked.has(c.id)).map((c) => ({ id: c.id, publicKey: c.publicKey })) }
    }
    const text = JSON.stringify(trust, null, 2) + '\n'
    if (f.values.out === undefined) io.stdout.write(text)
    else await writeFile(f.values.out, text)
    return 0
  } catch (e) {
    return fail(io, e)
  }
}

export const approversSpec: CommandSpec = {
  name: 'verbatim approvers',
  usage: usageText('verbatim approvers', 'invite|list|revoke|export', 'The people who approve ask calls and their passkeys (docs/approvals.md). verbatim approvers <subcommand> --help for more.'),
  subcommands: {
    invite: async () => ({ name: 'verbatim approvers invite', usage: INVITE_USAGE, run: invite }),
    list: async () => ({ name: 'verbatim approvers list', usage: LIST_USAGE, run: list }),
    revoke: async () => ({ name: 'verbatim approvers revoke', usage: REVOKE_USAGE, run: revokeKeys }),
    export: async () => ({ name: 'verbatim approvers export', usage: EXPORT_USAGE, run: exportTrust }),
  },
}
