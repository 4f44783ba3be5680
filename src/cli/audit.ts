/** @module cli/audit: `verbatim audit verify|reconcile|tail|export|explain|report`, the auditor's commands. */
import type { CommandSpec } from './command.js'
import { usageText } from './command.js'
import type { Command } from './io.js'
import { FILTER_HELP, FILTER_SYNOPSIS, TRUST_HELP } from './audit-args.js'

const SUBCOMMANDS: Record<string, { synopsis: string; body: string[]; load: () => Promise<Command> }> = {
  verify: {
    synopsis: 'FILE|DIR... [--key FILE]... [--jwks FILE]... [--checkpoints FILE] [--live] [--json]',
    body: [
      'Checks the integrity of each log given (a segment, or every process\'s segments in DIR): the hash chain,',
      'each signed checkpoint and its Merkle root, and a base checkpoint that seals older segments. Linear in',
      'the log. Exit 0 when there is no fault, 1 otherwise, 2 when a path holds no log.',
      '',
      'options:',
      ...TRUST_HELP,
      '  --checkpoints FILE   checkpoints shipped off the host, to catch a truncated or rewritten log',
      '  --live               accept the open tail of a log a writer still holds',
      '  --json               the report as JSON',
    ],
    load: async () => (await import('./audit-verify.js')).auditVerifyCommand,
  },
  reconcile: {
    synopsis: `--approved GATE_LOG... --executed GUARD_LOG... [--grace 60s] [--key FILE]... [--jwks FILE]... ${FILTER_SYNOPSIS} [--json]`,
    body: [
      'Matches what the guards executed against what the gate approved, every bound field (digest, tool, agent,',
      'audience, method, target, policy digest, key, nonce), after checking every log\'s integrity, and accounts',
      'for how every approved call ended (refused, not delivered, executor failed, ran while its agent was told',
      'it failed). The answer depends on the logs alone, never on the clock. Right on logs still being written:',
      'a call approved and run meanwhile is never a false alarm. --executed is repeatable, one per guard replica;',
      'each finding names its log. Exit 0 OK; 1 FAILED, a violation or an integrity fault; 2 wrong arguments',
      '(swapped or empty logs); 3 ATTENTION, no violation but calls to account for (executor-failed, retry-risk).',
      '',
      'options:',
      '  --grace D      clock skew allowed between gate and guard: a run later than expiry + D is a violation (default 60s)',
      ...TRUST_HELP,
      '  --json         the result as JSON',
      ...FILTER_HELP,
    ],
    load: async () => (await import('./audit-reconcile.js')).auditReconcileCommand,
  },
  tail: {
    synopsis: `FILE|DIR... [-n N] [--follow] [--key FILE]... [--jwks FILE]... ${FILTER_SYNOPSIS} [--json]`,
    body: [
      'Prints the last N matching records (default 20), one line each; --follow keeps printing new ones until',
      'Ctrl-C. Every record read is verified: over records that do not verify it warns and exits 1.',
      ...FILTER_HELP,
    ],
    load: async () => (await import('./audit-tail.js')).auditTailCommand,
  },
  export: {
    synopsis: `FILE|DIR... [--format csv|json|jsonl] [--type decision,...] [--out FILE] ${FILTER_SYNOPSIS}`,
    body: [
      'Exports matching records for a SIEM: CSV (default; RFC 4180), JSON or JSONL, optionally only some record',
      'types, to stdout or --out FILE. Every record read is verified: over records that do not verify it warns',
      'and exits 1.',
      ...FILTER_HELP,
    ],
    load: async () => (await import('./audit-export.js')).auditExportCommand,
  },
  explain: {
    synopsis: 'DECISION_ID --approved GATE_LOG... [--key FILE]... [--jwks FILE]... [--json]',
    body: [
      'Re-proves a past decision: evaluates the arguments its record holds under the policy text recorded in',
      'the log, rule by rule, and shows whether the recorded verdict reproduces. Needs audit.arguments redacted',
      'or full. Exit 0 reproduced, 1 not reproduced (or the log does not verify), 2 cannot be checked.',
    ],
    load: async () => (await import('./audit-explain.js')).auditExplainCommand,
  },
  report: {
    synopsis: `--approved GATE_LOG... --executed GUARD_LOG... --out FILE.html [--json] [--grace 60s] [--key FILE]... [--jwks FILE]... ${FILTER_SYNOPSIS}`,
    body: [
      'Writes one self-contained HTML file (no script, no network): calls per agent over time, allow, deny and',
      'reject rates, the reconcile classes with the offending calls, checkpoint and signature status, and the',
      'top denied tools and rules. --json prints the same data. Exit status as reconcile\'s: 0 OK, 1 FAILED,',
      '3 ATTENTION.',
      ...FILTER_HELP,
    ],
    load: async () => (await import('./audit-report.js')).auditReportCommand,
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
