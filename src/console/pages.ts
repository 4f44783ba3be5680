/** @module console/pages: the console's HTML pages, server-rendered, every value escaped; no inline script or style (CSP). */
import type { BookEntry } from '../approval/index.js'
import { escapeHtml as h, findings, renderExact, renderFindings } from './render.js'

export interface PageContext {
  /** The signed-in approver, if any. */
  approver?: string
  /** The session's CSRF token, given to the page's script through a meta tag. */
  csrf?: string
  title: string
}

export function layout(c: PageContext, body: string): string {
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    c.csrf === undefined ? '' : `<meta name="csrf-token" content="${h(c.csrf)}">`,
    `<title>${h(c.title)} · Verbatim approvals</title>`,
    '<link rel="stylesheet" href="/console.css">',
    '<script src="/webauthn.js" defer></script><script src="/console.js" defer></script>',
    '</head><body>',
    `<header><strong>Verbatim approvals</strong>${c.approver === undefined ? '' : `<span class="who">signed in as <b>${h(c.approver)}</b> <button id="logout" type="button">Sign out</button></span>`}</header>`,
    `<main>${body}</main>`,
    '</body></html>',
  ].join('\n')
}

export function loginPage(next: string): string {
  return layout({ title: 'Sign in' }, [
    '<h1>Sign in</h1>',
    '<p>Sign in with the passkey you enrolled. Approvers have no passwords.</p>',
    `<button id="login" type="button" data-next="${h(next)}">Sign in with a passkey</button>`,
    '<p id="status" role="status"></p>',
  ].join('\n'))
}

export function enrolPage(): string {
  return layout({ title: 'Enrol a passkey' }, [
    '<h1>Enrol a passkey</h1>',
    '<p>This one-time link enrols one passkey for the approver it names. It stops working once used.</p>',
    '<button id="enrol" type="button">Create a passkey</button>',
    '<p id="status" role="status"></p>',
  ].join('\n'))
}

function age(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000))
  return s < 60 ? `${s} s` : s < 3600 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`
}

const iso = (unixSeconds: number): string => new Date(unixSeconds * 1000).toISOString()

export function listPage(c: PageContext, waiting: readonly BookEntry[], now: number): string {
  const rows = waiting.map((e) => {
    const t = e.target
    return `<tr><td><a href="/approvals/${encodeURIComponent(t.approvalId)}">${h(t.tool)}</a></td><td>${h(t.agent)}</td><td>${h(e.call.ruleIds.join(', '))}</td><td>${h(e.call.reasons.join('; '))}</td><td>${age(now - e.opened)}</td><td><code>${h(t.digest.slice(0, 16))}…</code></td></tr>`
  })
  return layout(c, [
    '<h1>Calls waiting for approval</h1>',
    rows.length === 0
      ? '<p id="none">No call is waiting.</p>'
      : `<table id="waiting"><thead><tr><th>tool</th><th>agent</th><th>rule</th><th>reason</th><th>waiting</th><th>digest</th></tr></thead><tbody>${rows.join('')}</tbody></table>`,
  ].join('\n'))
}

/** One call: who asks, why, and the exact bytes that will run, with every hidden character made visible. */
export function approvalPage(c: PageContext, e: BookEntry, state: string, now: number, canDecide: string | undefined): string {
  const t = e.target
  const text = new TextDecoder().decode(e.call.bytes)
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    value = undefined
  }
  const warn = renderFindings(findings(text, value))
  const needed = e.requirements.map((r) => `${r.approvers} of ${h(r.group)} (rule ${h(r.rule)})`).join('; ')
  const votes = e.votes.map((v) => `<li>${h(v.approver)} ${v.action === 'approve' ? 'approved' : 'denied'}${v.comment === '' ? '' : `: ${renderExact(v.comment)}`}</li>`).join('')
  return layout(c, [
    `<h1>${h(t.tool)} <span class="state ${h(state)}" id="state">${h(state)}</span></h1>`,
    '<dl class="facts">',
    `<dt>agent</dt><dd id="agent">${h(t.agent)}</dd>`,
    `<dt>tool</dt><dd id="tool">${h(t.tool)}</dd>`,
    `<dt>executor</dt><dd>${h(t.audience)}</dd>`,
    `<dt>rule</dt><dd id="rule">${h(e.call.ruleIds.join(', '))}</dd>`,
    `<dt>reason</dt><dd id="reason">${e.call.reasons.map((r) => renderExact(r)).join('<br>')}</dd>`,
    `<dt>needs</dt><dd>${needed}</dd>`,
    `<dt>waiting</dt><dd>${age(now - e.opened)} (asked by decision <code>${h(t.decisionId)}</code>; valid until ${iso(t.expires)})</dd>`,
    `<dt>policy digest</dt><dd><code id="policy-digest">${h(t.policyDigest)}</code></dd>`,
    `<dt>SHA-256 of the bytes</dt><dd><code id="digest">${h(t.digest)}</code> (${e.call.bytes.byteLength} bytes)</dd>`,
    '</dl>',
    warn.length === 0 ? '<p class="ok" id="clean">Printable ASCII only: every character is shown as itself.</p>' : `<ul class="findings" id="findings">${warn.join('')}</ul>`,
    '<h2>The exact bytes that will run</h2>',
    `<pre class="bytes" id="bytes">${renderExact(text)}</pre>`,
    value === undefined ? '' : `<details open><summary>The same, indented (whitespace added for reading; nothing else changed)</summary><pre class="bytes" id="pretty">${renderExact(JSON.stringify(value, null, 2), { newlines: true })}</pre></details>`,
    votes === '' ? '' : `<h2>Decisions so far</h2><ul id="votes">${votes}</ul>`,
    canDecide === undefined
      ? [
          `<form id="decide" data-approval="${h(t.approvalId)}">`,
          '<label for="comment">Comment (signed with your decision)</label>',
          '<textarea id="comment" maxlength="500" rows="2"></textarea>',
          '<button id="approve" type="button" data-action="approve">Approve with passkey</button> ',
          '<button id="deny" type="button" data-action="deny">Deny with passkey</button>',
          '</form>',
          '<p id="status" role="status"></p>',
        ].join('\n')
      : `<p id="cannot">${h(canDecide)}</p>`,
  ].join('\n'))
}

export function messagePage(c: PageContext, title: string, text: string): string {
  return layout(c, `<h1>${h(title)}</h1><p>${h(text)}</p>`)
}

export const CONSOLE_CSS = `
body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#111;background:#fafafa}
header{display:flex;justify-content:space-between;padding:.6em 1em;background:#1b2733;color:#fff}
main{max-width:70em;margin:1em auto;padding:0 1em}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.3em .5em;text-align:left;vertical-align:top}
dl.facts{display:grid;grid-template-columns:12em 1fr;gap:.2em 1em}dt{font-weight:600}dd{margin:0;overflow-wrap:anywhere}
pre.bytes{white-space:pre-wrap;overflow-wrap:anywhere;word-break:break-all;background:#fff;border:1px solid #bbb;padding:.8em;font:14px/1.5 ui-monospace,monospace;unicode-bidi:isolate;direction:ltr}
.cp{display:inline-block;border:1px solid #b00;border-radius:3px;padding:0 .2em;margin:0 .1em;background:#fee;color:#600;font-size:.8em;unicode-bidi:isolate}
.cp.visible{border-color:#a60;background:#fff4e0;color:#630}.cp .glyph{margin-right:.25em;font-size:1.25em}
ul.findings li.danger{color:#900;font-weight:600}p.ok{color:#064}
.state{font-size:.6em;padding:.1em .5em;border-radius:1em;background:#ddd;vertical-align:middle}.state.pending{background:#ffe9a8}.state.approved,.state.used{background:#c8f0c8}.state.denied,.state.expired{background:#f6c0c0}
button{font:inherit;padding:.4em 1em;margin:.3em 0}textarea{display:block;width:100%;font:inherit;margin:.3em 0}
`
