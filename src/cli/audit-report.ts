/** @module cli/audit-report: `verbatim audit report`: one self-contained HTML file an auditor can read and archive. */
import { mkdir, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { parseArgs } from 'node:util'
import type { AuditFaultKind } from '../audit/index.js'
import { DecisionStats, VERDICT_EXIT, buildReport, matchView, nextSteps, reconcilePaths, renderReportHtml } from '../auditor/index.js'
import { FILTER_OPTIONS, PAIR_OPTIONS, TRUST_OPTIONS, loadAnchors, nowOf, parseDuration, parseFilter } from './audit-args.js'
import type { CliIO } from './io.js'

export async function auditReportCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      ...PAIR_OPTIONS,
      out: { type: 'string' },
      ...TRUST_OPTIONS,
      ...FILTER_OPTIONS,
    },
  })
  if (values.approved === undefined || values.executed === undefined) throw new Error('report needs --approved GATE_LOG and --executed GUARD_LOG')
  if (values.out === undefined && !values.json) throw new Error('report needs --out FILE.html (or --json for the data)')
  if (positionals.length > 0) throw new Error(`unexpected argument '${positionals[0]}'`)
  const graceMs = parseDuration(values.grace)
  const now = nowOf(values)
  const filter = parseFilter(values, now)
  const trustedKeys = await loadAnchors(values)
  const stats = new DecisionStats(filter)
  const run = await reconcilePaths({
    approved: values.approved, executed: values.executed, graceMs, now, filter: (v) => matchView(filter, v), onApproved: (r) => stats.add(r),
    ...(trustedKeys === undefined ? {} : { trustedKeys }),
  })
  const model = buildReport(run, stats, { now, graceMs, trusted: trustedKeys !== undefined, filter })
  if (values.out !== undefined) {
    const html = renderReportHtml(model)
    await mkdir(dirname(values.out), { recursive: true })
    await writeFile(values.out, html)
    const word = { ok: 'OK', attention: 'ATTENTION', failed: 'FAILED' }[model.verdict]
    io.stderr.write(`wrote ${values.out} (${Buffer.byteLength(html)} bytes): ${model.calls.total} call(s), ${model.violations} violation(s), ${model.attention} to account for, ${model.logs.length} log(s) ${word}\n`)
    if (!model.ok) {
      const kinds = model.logs.flatMap((l) => l.faults.map((f) => f.kind as AuditFaultKind))
      io.stderr.write(nextSteps(kinds, [...model.offending, ...model.accountFor].map((i) => i.class)).join('\n') + '\n')
    }
  }
  if (values.json) io.stdout.write(JSON.stringify(model, null, 2) + '\n')
  return VERDICT_EXIT[model.verdict]
}
