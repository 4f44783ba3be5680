/**
 * @module binding/probe: what marks the gate's own guard probes: the gate that sends them
 * (gate/probe), the guard that must refuse them, and the auditor that counts them, by one rule.
 *
 * Every probe is `POST {upstream}/v1/tools/verbatim.probe`: unsigned, with a corrupted signature, or
 * with a digest that does not match its body, so a guard refuses each one. A refusal at that target
 * is counted as a probe: it ran nothing, and no binding for another tool can be moved there (the
 * target is signed, RFC 9421 §2.2.6 `@path`), so hiding an attack there would hide one that failed.
 * The guard records each such refusal with `tool: verbatim.probe` and `probe: true`, does not log it
 * as an attack, and counts it apart from refusals; reconcile counts the same records.
 */

/** The tool name of every probe; policies never see it (the gate signs probes itself). */
export const PROBE_TOOL = 'verbatim.probe'
/** The agent a signed probe names. */
export const PROBE_AGENT = 'verbatim-probe'
/** The prefix of a signed probe's decision id. */
export const PROBE_DECISION_PREFIX = 'probe-'

const PROBE_PATH_SUFFIX = `/v1/tools/${PROBE_TOOL}`

/** True when a request's path (without its query) is the probe target, under any base path. */
export function isProbeTarget(path: string): boolean {
  return path.endsWith(PROBE_PATH_SUFFIX)
}

/**
 * True when a log record is a probe's refusal: marked `probe: true` by the guard, or (logs written
 * before the mark) naming the probe tool and a probe decision id.
 */
export function isProbeRecord(r: Readonly<Record<string, unknown>>): boolean {
  if (r['probe'] === true) return true
  const id = r['decisionId']
  return r['tool'] === PROBE_TOOL && typeof id === 'string' && id.startsWith(PROBE_DECISION_PREFIX)
}
