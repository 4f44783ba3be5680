/**
 * @module cli/approvers: `verbatim approvers invite|list|export`: one-time enrolment links for the
 * approvers named in approvals.groups, who has enrolled which passkey, and the trust file guards read.
 */
import { writeFile } from 'node:fs/promises'
import type { TrustFile } from '../approval/index.js'
import { loadConfig } from '../config/index.js'
import type { ApprovalsConfig } from '../config/index.js'
import { createInvite, readCredentials, relyingParty } from '../console/index.js'
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
    const creds = await readCredentials(a.dir)
    for (const name of approverNames(a)) {
      const groups = Object.keys(a.groups).filter((g) => a.groups[g]?.includes(name))
      const mine = creds.approvers[name] ?? []
      io.stdout.write(`${name}  groups: ${groups.join(', ')}  passkeys: ${mine.length === 0 ? 'none (not enrolled)' : mine.map((c) => c.id).join(', ')}\n`)
    }
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
    const creds = await readCredentials(a.dir)
    const rp = relyingParty(a.console)
    const trust: TrustFile = { rpId: rp.rpId, origins: [...rp.origins], userVerification: rp.userVerification, approvers: {} }
    for (const name of approverNames(a)) {
      trust.approvers[name] = { groups: Object.keys(a.groups).filter((g) => a.groups[g]?.includes(name)), credentials: (creds.approvers[name] ?? []).map((c) => ({ id: c.id, publicKey: c.publicKey })) }
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
  usage: usageText('verbatim approvers', 'invite|list|export', 'The people who approve ask calls and their passkeys (docs/approvals.md). verbatim approvers <subcommand> --help for more.'),
  subcommands: {
    invite: async () => ({ name: 'verbatim approvers invite', usage: INVITE_USAGE, run: invite }),
    list: async () => ({ name: 'verbatim approvers list', usage: LIST_USAGE, run: list }),
    export: async () => ({ name: 'verbatim approvers export', usage: EXPORT_USAGE, run: exportTrust }),
  },
}
