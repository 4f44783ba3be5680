/** @module auditor/report-svg: the per-agent timeline of the report, as inline SVG (no script, no external asset); pure. */
import type { Timeline } from './report.js'

export const COLORS = { allow: '#2e7d32', deny: '#ef6c00', reject: '#c62828' } as const

/** HTML/XML text and attribute escaping. */
export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string)
}

function span(ms: number): string {
  if (ms % 86_400_000 === 0) return `${ms / 86_400_000} d`
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`
  return `${ms / 60_000} min`
}

const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z')

/** One row per agent (the 20 busiest), a stacked bar per time bucket: allowed, denied, rejected. */
export function timelineSvg(t: Timeline): string {
  if (t.buckets === 0) return '<p class="muted">No decisions in range.</p>'
  const agents = [...t.agents].sort((a, b) => b.calls - a.calls || (a.agent < b.agent ? -1 : 1)).slice(0, 20)
  const label = 150
  const width = 760
  const plot = width - label - 10
  const rowH = 44
  // A bucket is never wider than 40 px: a short session is a few bars, not one slab.
  const bw = Math.min(40, plot / t.buckets)
  const peak = Math.max(1, ...agents.flatMap((a) => a.series.map((c) => c.allow + c.deny + c.reject)))
  const rows = agents.map((a, i) => {
    const y0 = 10 + i * rowH
    const bars = a.series.map((c, b) => {
      let y = y0 + rowH - 8
      const x = (label + b * bw).toFixed(1)
      const w = Math.max(1, bw - 1).toFixed(1)
      const parts: string[] = []
      for (const v of ['allow', 'deny', 'reject'] as const) {
        if (c[v] === 0) continue
        const h = ((rowH - 12) * c[v]) / peak
        y -= h
        parts.push(`<rect x="${x}" y="${y.toFixed(1)}" width="${w}" height="${h.toFixed(1)}" fill="${COLORS[v]}"/>`)
      }
      if (parts.length === 0) return ''
      const from = t.startMs + b * t.widthMs
      return `<g class="bucket" data-agent="${esc(a.agent)}" data-allow="${c.allow}" data-deny="${c.deny}" data-reject="${c.reject}"><title>${esc(a.agent)} ${iso(from)} (+${span(t.widthMs)}): ${c.allow} allowed, ${c.deny} denied, ${c.reject} rejected</title>${parts.join('')}</g>`
    }).join('')
    return `<g class="agent-row" data-agent="${esc(a.agent)}" data-calls="${a.calls}"><text x="0" y="${y0 + rowH / 2}" class="agent">${esc(a.agent)}</text><text x="0" y="${y0 + rowH / 2 + 14}" class="muted small">${a.calls} call(s)</text><line x1="${label}" x2="${width - 10}" y1="${y0 + rowH - 8}" y2="${y0 + rowH - 8}" class="axis"/>${bars}</g>`
  }).join('')
  const h = 30 + agents.length * rowH
  const end = t.startMs + t.buckets * t.widthMs
  const endX = Math.max(label + 240, label + t.buckets * bw)
  return `<svg id="timeline-svg" role="img" aria-label="calls per agent over time" viewBox="0 0 ${width} ${h}" width="${width}" height="${h}">${rows}` +
    `<text x="${label}" y="${h - 4}" class="muted small">${iso(t.startMs)}</text><text x="${endX}" y="${h - 4}" text-anchor="end" class="muted small">${iso(end)}</text></svg>` +
    `<p class="muted small">One bar per ${span(t.widthMs)}; height is calls in that interval (peak ${peak}).${t.agents.length > agents.length ? ` The 20 busiest of ${t.agents.length} agents.` : ''}</p>`
}
