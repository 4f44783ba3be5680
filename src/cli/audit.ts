/** @module cli/audit: `verbatim audit verify|reconcile|tail|export`, the auditor's commands. */
import type { CommandSpec } from './command.js'
import { usageText } from './command.js'
import type { Command } from './io.js'

const SUBCOMMANDS: Record<string, { synopsis: string; body: string[]; load: () => Promise<Command> }> = {
  verify: {
    synopsis: 'FILE|DIR [--key JWK_FILE]... [--checkpoints FILE] [--live] [--json]',
    body: [
      'Checks the integrity of a log (a segment, or every process\'s segments in DIR): the hash chain, each',
      'signed checkpoint and its Merkle root. Exit 0 when there is no fault, 1 otherwise.',
      '',
      'options:',
      '  --key JWK_FILE       an off-host trusted key (a JWK or a JWK Set); repeatable',
      '  --checkpoints FILE   checkpoints shipped off-host, to catch a truncated or rewritten log',
      '  --live               accept the open tail of a log a writer still holds',
      '  --json               the report as JSON',
    ],
    load: async () => (await import('./audit-verify.js')).auditVerifyCommand,
  },
  reconcile: {
    synopsis: '--approved GATE_LOG --executed GUARD_LOG [--grace 60s] [--now ISO] [--json]',
    body: [
      'Matches what the guard executed against what the gate approved, after checking both logs\' integrity.',
      'Exit 0 when everything executed was approved exactly as approved, 1 otherwise.',
      '',
      'options:',
      '  --grace D   how long past a binding\'s expiry an approval may still be unexecuted (default 60s)',
      '  --now T     the instant to reconcile at (ISO 8601 or epoch ms; default now)',
      '  --json      the result as JSON',
    ],
    load: async () => (await import('./audit-reconcile.js')).auditReconcileCommand,
  },
  tail: {
    synopsis: 'FILE|DIR [-n N] [--follow] [--json]',
    body: [
      'Prints the last N records (default 20), one line each; --follow keeps printing new ones until Ctrl-C.',
    ],
    load: async () => (await import('./audit-tail.js')).auditTailCommand,
  },
  export: {
    synopsis: 'FILE|DIR [--format csv|json|jsonl] [--type decision,...] [--out FILE]',
    body: [
      'Exports records for a SIEM: CSV (default; RFC 4180), JSON or JSONL, optionally only some record types,',
      'to stdout or --out FILE.',
    ],
    load: async () => (await import('./audit-export.js')).auditExportCommand,
  },
}

function auditUsage(): string {
  return usageText('verbatim audit', Object.entries(SUBCOMMANDS).map(([name, s]) => `${name} ${s.synopsis}`),
    'The auditor\'s tools (docs/audit.md). verbatim audit <subcommand> --help for more.')
}

function subcommand(name: string): () => Promise<CommandSpec> {
  const s = SUBCOMMANDS[name] as (typeof SUBCOMMANDS)[string]
  const full = `verbatim audit ${name}`
  return async () => ({
    name: full,
    usage: usageText(full, s.synopsis, ...s.body),
    run: async (args, io) => {
      try {
        return await (await s.load())(args, io)
      } catch (err) {
        io.stderr.write(`${full}: ${err instanceof Error ? err.message : String(err)}\n`)
        return 2
      }
    },
  })
}

export const auditSpec: CommandSpec = {
  name: 'verbatim audit',
  usage: auditUsage(),
  subcommands: Object.fromEntries(Object.keys(SUBCOMMANDS).map((name) => [name, subcommand(name)])),
}
