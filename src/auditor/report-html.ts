/** @module auditor/report-html: the report as one self-contained HTML file: inline CSS and SVG, no script, no network; pure. */
import { CLASS_ADVICE, FAULT_ADVICE, needsAction } from './advice.js'
import type { ReportModel } from './report.js'
import { COLORS, esc, timelineSvg } from './report-svg.js'
import type { ReconcileItem } from './reconcile-types.js'
import { CLASS_LEVEL, RECONCILE_CLASSES } from './reconcile-types.js'
import type { AuditFaultKind } from '../audit/index.js'

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1d2125;margin:0;background:#f6f7f9}
main{max-width:1100px;margin:0 auto;padding:24px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:26px 0 10px}section>h2:first-child{margin-top:0}
section{background:#fff;border:1px solid #dfe3e8;border-radius:8px;padding:16px 18px;margin-top:16px}
.muted{color:#5f6b7a}.small{font-size:12px}
#verdict{margin-top:14px;padding:12px 16px;border-radius:6px;font-weight:600}
#verdict.ok{background:#e7f4ea;color:#1b5e20;border:1px solid #a5d6a7}#verdict.failed{background:#fdecea;color:#b71c1c;border:1px solid #ef9a9a}
#verdict.attention{background:#fff8e6;color:#7a4f01;border:1px solid #f3c969}
.cards{display:flex;flex-wrap:wrap;gap:10px}.card{flex:1 1 130px;border:1px solid #dfe3e8;border-radius:6px;padding:10px 12px}
.card .v{display:block;font-size:22px;font-weight:600}.card .l{font-size:12px;color:#5f6b7a}
.card.bad .v{color:#b71c1c}.card.warn .v{color:#9a6200}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:5px 8px;border-bottom:1px solid #eef0f3;vertical-align:top}
th{font-weight:600;font-size:12px;color:#5f6b7a}td.n{text-align:right;font-variant-numeric:tabular-nums}
tr.violation td{background:#fff5f5}tr.attention td{background:#fff8e6}tr.zero td{color:#8a94a3}
code{font:12px ui-monospace,SFMono-Regular,Menlo,monospace}
.sig.ok{color:#1b5e20}.sig.faults{color:#b71c1c;font-weight:600}
.legend span{display:inline-block;width:10px;height:10px;margin:0 4px 0 12px;border-radius:2px}
svg text{font-size:12px;fill:#1d2125}svg text.muted{fill:#5f6b7a}svg .axis{stroke:#c9ced6}
.next{margin:4px 0 0 0;padding-left:18px}
`

const num = (metric: string, n: number | string, label: string, tone: '' | 'bad' | 'warn' = ''): string =>
  `<div class="card${tone === '' ? '' : ` ${tone}`}" data-metric="${metric}" data-value="${esc(String(n))}"><span class="v">${esc(String(n))}</span><span class="l">${esc(label)}</span></div>`

/** A row's tone: red for a violation, amber for a call to account for, none for the rest. */
const tone = (c: ReconcileItem['class']): string => (CLASS_LEVEL[c] === 'violation' ? 'violation' : CLASS_LEVEL[c] === 'attention' ? 'attention' : '')

const iso = (ms: number): string => new Date(ms).toISOString()

function side(i: ReconcileItem): string {
  const a = i.approved === null ? '—' : `${esc(i.approved.log)} #${i.approved.seq}`
  const e = i.executed === null ? '—' : `${esc(i.executed.log)} #${i.executed.seq}`
  return `<td>${a}</td><td>${e}</td>`
}

function pairs(id: string, items: readonly ReconcileItem[], empty: string, omitted = 0): string {
  if (items.length === 0) return `<p id="${id}" data-rows="0" class="muted">${esc(empty)}</p>`
  const rows = items.map((i) => `<tr class="${tone(i.class)}" data-class="${esc(i.class)}" data-decision="${esc(i.decisionId ?? '')}"><td><code>${esc(i.class)}</code></td><td><code>${esc(i.decisionId ?? '(none)')}</code></td>${side(i)}<td>${i.executorStatus === undefined || i.executorStatus === null ? '—' : i.executorStatus}</td><td>${esc(i.message)}</td></tr>`)
  const more = omitted > 0 ? `<p class="muted small">${omitted} more not shown; run verbatim audit reconcile --json for all.</p>` : ''
  return `<table id="${id}" data-rows="${items.length}"><tr><th>class</th><th>decision</th><th>approved (log #seq)</th><th>executed (log #seq)</th><th>executor</th><th>what the logs show</th></tr>${rows.join('')}</table>${more}`
}

function named(id: string, list: readonly { name: string; count: number }[], what: string): string {
  if (list.length === 0) return `<p id="${id}" data-rows="0" class="muted">No ${esc(what)}.</p>`
  return `<table id="${id}" data-rows="${list.length}"><tr><th>${esc(what)}</th><th class="n">calls</th></tr>${list.map((x) => `<tr data-name="${esc(x.name)}"><td><code>${esc(x.name)}</code></td><td class="n" data-value="${x.count}">${x.count}</td></tr>`).join('')}</table>`
}

/**
 * Renders the report. Everything is inline and the page forbids any load (CSP default-src 'none'),
 * so it opens the same offline, from a mail attachment or an evidence archive.
 */
export function renderReportHtml(m: ReportModel): string {
  const faults = m.logs.reduce((n, l) => n + l.faults.length, 0)
  const verdict = m.verdict === 'ok'
    ? 'OK: everything executed was approved, exactly as approved; every log verifies.'
    : m.verdict === 'attention'
      ? `ATTENTION: everything executed was approved, exactly as approved; every log verifies; ${m.attention} approved call(s) to account for.`
      : `FAILED: ${m.violations} violation(s), ${faults} integrity fault(s).`
  const kinds = new Set(m.logs.flatMap((l) => l.faults.map((f) => f.kind as AuditFaultKind)))
  const classes = RECONCILE_CLASSES.filter((c) => m.classes[c] > 0).filter(needsAction)
  const next = [...[...kinds].map((k) => `${k}: ${FAULT_ADVICE[k]}`), ...classes.map((c) => `${c}: ${CLASS_ADVICE[c]}`)]
  const filter = Object.entries(m.filter).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(',') : typeof v === 'number' ? iso(v) : String(v)}`).join(' ')
  const logs = m.logs.map((l) => `<tr data-log="${esc(l.log)}" data-role="${l.role}" data-faults="${l.faults.length}"><td>${l.role}</td><td><code>${esc(l.log)}</code> <span class="muted">(${esc(l.process)})</span></td><td class="n" data-value="${l.records}">${l.records}</td><td class="n">${l.checkpoints}</td><td>${l.lastCheckpoint === null ? '—' : `#${l.lastCheckpoint.seq}, size ${l.lastCheckpoint.size}, root <code>${l.lastCheckpoint.root.slice(0, 16)}…</code>`}</td><td class="n">${l.unsignedTail}</td><td class="sig ${l.signatures}">${l.signatures === 'ok' ? 'ok' : `${l.faults.length} fault(s): ${esc([...new Set(l.faults.map((f) => f.kind))].join(', '))}`}</td></tr>`)
  const faultRows = m.logs.flatMap((l) => l.faults.slice(0, 50).map((f) => `<tr class="violation" data-kind="${esc(f.kind)}"><td><code>${esc(f.kind)}</code></td><td><code>${esc(f.file)}:${f.line}</code></td><td>${f.seq ?? '?'}</td><td>${esc(f.message)}</td></tr>`))
  const classRows = RECONCILE_CLASSES.map((c) => `<tr data-class="${c}" data-level="${CLASS_LEVEL[c]}" class="${m.classes[c] === 0 ? 'zero' : tone(c)}"><td><code>${c}</code></td><td class="n" data-value="${m.classes[c]}">${m.classes[c]}</td></tr>`)
  const refusals = Object.entries(m.refusals).sort((a, b) => b[1] - a[1]).map(([name, count]) => ({ name, count }))
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Verbatim audit report</title><style>${CSS}</style></head>
<body><main>
<header><h1>Verbatim audit report</h1>
<p class="muted">Reconciled at ${iso(m.now)} (the verdict depends on the logs alone) with ${m.graceMs / 1000} s grace · ${m.trusted ? 'signatures and binding keys checked against trusted keys (--key/--jwks)' : 'trusting the keys written in the logs (no --key/--jwks given)'}${filter === '' ? '' : ` · filter: <code>${esc(filter)}</code>`}</p>
<div id="verdict" class="${m.verdict}" data-ok="${m.ok}" data-verdict="${m.verdict}">${esc(verdict)}${next.length > 0 ? `<ul class="next">${next.map((n) => `<li>next: ${esc(n)}</li>`).join('')}</ul>` : ''}</div>
</header>
<section id="summary"><h2>Calls</h2><div class="cards">
${num('calls', m.calls.total, 'calls decided by the gate')}${num('allow', m.calls.allow, `allowed (${m.calls.rates.allow}%)`)}${num('deny', m.calls.deny, `denied by policy (${m.calls.rates.deny}%)`)}${num('reject', m.calls.reject, `rejected before policy or forward (${m.calls.rates.reject}%)`)}
${num('violations', m.violations, 'reconcile violations', m.violations > 0 ? 'bad' : '')}${num('attention', m.attention, 'calls to account for', m.attention > 0 ? 'warn' : '')}${num('executor-failed', m.classes['executor-failed'], 'accepted, then the executor failed')}${num('retry-risk', m.classes['retry-risk'], 'ran while the agent was told it failed')}${num('probes', m.probes, 'gate probes refused by guards')}${num('integrity-faults', faults, 'integrity faults', faults > 0 ? 'bad' : '')}
</div></section>
<section id="timeline"><h2>Calls per agent over time</h2><p class="legend small"><span style="background:${COLORS.allow}"></span>allowed<span style="background:${COLORS.deny}"></span>denied<span style="background:${COLORS.reject}"></span>rejected</p>${timelineSvg(m.timeline)}</section>
<section id="reconcile"><h2>Approved against executed</h2>
<table id="classes"><tr><th>class</th><th class="n">pairs</th></tr>${classRows.join('')}</table>
<p class="muted">Executor, for the calls a guard accepted (from receipts): <span id="executor-succeeded" data-value="${m.executor.succeeded}">${m.executor.succeeded}</span> succeeded, <span id="executor-client-error" data-value="${m.executor.clientError}">${m.executor.clientError}</span> answered 4xx, <span id="executor-failed" data-value="${m.executor.failed}">${m.executor.failed}</span> failed, <span id="executor-no-receipt" data-value="${m.executor.noReceipt}">${m.executor.noReceipt}</span> without a recorded answer. Refused by a guard: <span id="refused" data-value="${m.refusedByGuard}">${m.refusedByGuard}</span>. Pending (no outcome recorded yet): <span id="pending" data-value="${m.pending}">${m.pending}</span>. Denied and not run: ${m.deniedNotRun}.</p>
<h2>Offending calls</h2>${pairs('offending', m.offending, 'None: every execution matches its approval in every bound field.', m.offendingOmitted)}
<h2>Calls to account for: the executor failed, or it ran while its agent was told it failed</h2>${pairs('account-for', m.accountFor, 'None.', m.accountForOmitted)}
<h2>Guard refusals by code</h2>${named('refusal-codes', refusals, 'refusals')}
</section>
<section id="integrity"><h2>Logs: checkpoints and signatures</h2>
<table id="logs"><tr><th>role</th><th>log</th><th class="n">records</th><th class="n">checkpoints</th><th>last checkpoint</th><th class="n">unsigned tail</th><th>signatures and chain</th></tr>${logs.join('')}</table>
${faultRows.length > 0 ? `<table id="faults"><tr><th>fault</th><th>where</th><th>seq</th><th>what</th></tr>${faultRows.join('')}</table>` : '<p id="faults" class="muted">No faults: every hash, link, checkpoint root and signature verifies.</p>'}
</section>
<section id="approvals"><h2>Approvals per approver</h2>${approverTable(m)}</section>
<section id="denials"><h2>Top denied tools</h2>${named('denied-tools', m.topDeniedTools, 'denied tools')}
<h2>Top denying rules</h2>${named('denied-rules', m.topDeniedRules, 'denying rules')}
<h2>Rejections by code</h2>${named('reject-codes', m.rejectCodes, 'rejections')}</section>
<p class="muted small">Generated by verbatim audit report. The same data: verbatim audit report --json.</p>
</main></body></html>
`
}

/** Each approver's signed approvals and denials (re-verified from the log), and how many of their approvals ran a call. */
function approverTable(m: ReportModel): string {
  if (m.approvers.length === 0) return '<p id="approvers" class="muted">No person approved or denied a call in these logs.</p>'
  const rows = m.approvers.map((a) => `<tr data-approver="${esc(a.approver)}"${a.invalid > 0 ? ' class="violation"' : ''}><td>${esc(a.approver)}</td><td class="n">${a.approved}</td><td class="n">${a.denied}</td><td class="n">${a.ran}</td><td class="n">${a.invalid}</td><td>${esc(a.tools.join(', '))}</td></tr>`)
  return `<table id="approvers"><tr><th>approver</th><th class="n">approved</th><th class="n">denied</th><th class="n">approvals that ran</th><th class="n">records that do not verify</th><th>tools</th></tr>${rows.join('')}</table>`
}
