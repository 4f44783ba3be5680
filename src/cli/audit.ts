/** @module cli/audit: `verbatim audit verify|reconcile|tail|export`, the auditor's commands. */
import type { CliIO, Command } from './io.js'

const SUBCOMMANDS: Record<string, { usage: string; load: () => Promise<Command> }> = {
  verify: { usage: 'verify FILE|DIR [--key JWK_FILE]... [--checkpoints FILE] [--live] [--json]', load: async () => (await import('./audit-verify.js')).auditVerifyCommand },
  reconcile: { usage: 'reconcile --approved GATE_LOG --executed GUARD_LOG [--grace 60s] [--now ISO] [--json]', load: async () => (await import('./audit-reconcile.js')).auditReconcileCommand },
  tail: { usage: 'tail FILE|DIR [-n N] [--follow] [--json]', load: async () => (await import('./audit-tail.js')).auditTailCommand },
  export: { usage: 'export FILE|DIR [--format csv|json|jsonl] [--type decision,...] [--out FILE]', load: async () => (await import('./audit-export.js')).auditExportCommand },
}

export function auditUsage(): string {
  return ['usage:', ...Object.values(SUBCOMMANDS).map((s) => `  verbatim audit ${s.usage}`), ''].join('\n')
}

export async function auditCommand(args: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = args
  if (name === undefined || name === '--help' || name === '-h') {
    io.stdout.write(auditUsage())
    return name === undefined ? 2 : 0
  }
  const sub = Object.hasOwn(SUBCOMMANDS, name) ? SUBCOMMANDS[name] : undefined
  if (sub === undefined) {
    io.stderr.write(`verbatim audit: unknown subcommand '${name}'\n${auditUsage()}`)
    return 2
  }
  try {
    return await (await sub.load())(rest, io)
  } catch (err) {
    io.stderr.write(`verbatim audit ${name}: ${err instanceof Error ? err.message : String(err)}\n`)
    return 2
  }
}
