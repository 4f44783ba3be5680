/** @module guard/config-doc: docs/guard-config.md, generated from the guard's zod schema. A test keeps it in step. */
import { envSegment } from '../config/index.js'
import { guardConfigJsonSchema } from './config.js'

type Node = {
  type?: string | string[]
  const?: unknown
  properties?: Record<string, Node>
  items?: Node
  anyOf?: Node[]
  required?: string[]
  description?: string
  default?: unknown
}

const cell = (s: string): string => s.replaceAll('|', '\\|').replaceAll('\n', ' ')

function typeOf(s: Node): string {
  if (s.anyOf) return 'one of: ' + s.anyOf.map((a) => (a.const !== undefined ? JSON.stringify(a.const) : Object.keys(a.properties ?? {})[0] ?? String(a.type))).join(', ')
  if (s.properties) return 'object'
  if (s.items) return `array of ${String(s.items.type ?? 'any')}`
  return String(s.type ?? 'any')
}

/** One table row per field, alternatives included; `when` names the alternative a field belongs to. */
function rows(s: Node, path: string[], required: boolean, when: string, out: string[]): void {
  if (path.length > 0) {
    const def = s.default === undefined ? (required ? 'required' : '') : `\`${JSON.stringify(s.default)}\``
    const env = `\`VERBATIM_GUARD_${path.map(envSegment).join('_')}\``
    out.push(`| \`${path.join('.')}\` | ${cell(typeOf(s))} | ${def} | ${env} | ${cell((when === '' ? '' : `(${when}) `) + (s.description ?? ''))} |`)
  }
  for (const [k, child] of Object.entries(s.properties ?? {})) rows(child, [...path, k], s.required?.includes(k) ?? false, when, out)
  for (const alt of s.anyOf ?? []) {
    const key = alt.required?.[0]
    if (key === undefined || alt.properties === undefined) continue
    const label = `with \`${[...path, key].join('.')}\``
    for (const [k, child] of Object.entries(alt.properties)) rows(child, [...path, k], alt.required?.includes(k) ?? false, when === '' ? label : `${when}, ${label}`, out)
  }
}

/** docs/guard-config.md: every field of guard.yaml with its default and variable. */
export function renderGuardConfigDoc(): string {
  const out: string[] = []
  rows(guardConfigJsonSchema() as Node, [], true, '', out)
  return [
    '# Configuration: guard.yaml',
    '',
    '<!-- Generated from src/guard/config.ts by `npm run docs`. Do not edit by hand. -->',
    '',
    'The standalone guard reads `guard.yaml` (`verbatim guard --config FILE`, or `VERBATIM_GUARD_CONFIG`',
    'when no flag is given). The file is validated strictly, like the gate\'s: an unknown key, a wrong type or',
    'a duplicate key stops the start with `file:line:col` and the reason. `verbatim guard config schema`',
    'prints the JSON Schema for editors; `verbatim guard config check [FILE]` runs, with the environment',
    'applied, every check the guard makes before it listens: the file, the guard\'s key, the gate\'s key set',
    'file, the path-check roots, the approvers\' trust file and the executed log\'s directory (not the port, the executor or the replay',
    'store, which the guard\'s `/readyz` reports). The same fields can be given as flags (`verbatim guard --help`).',
    '',
    'Every field can be overridden from the environment: `VERBATIM_GUARD_` followed by the path in upper',
    'snake case (`VERBATIM_GUARD_LISTEN_PORT=9000`, `VERBATIM_GUARD_EXECUTOR_HTTP=unix:/run/tool.sock`), or',
    'a whole subtree as JSON (`VERBATIM_GUARD_REPLAY=\'{"redis":"redis://redis:6379"}\'`); `VERBATIM_GUARD_LISTEN`',
    'also takes `HOST:PORT`. A flag wins over a variable. Overrides are validated like the file, and the',
    'start-up log names each one applied. The gate ignores `VERBATIM_GUARD_…` variables, and the guard',
    'ignores the gate\'s.',
    '',
    '## Profiles',
    '',
    '`VERBATIM_PROFILE=container` (set by the image) changes the defaults of fields the file leaves out, for',
    'both roles: `listen` is `0.0.0.0:8080`, `audit.dir` is `/var/lib/verbatim/audit` (a writable volume),',
    'and the guard\'s `replicaId` is `$POD_NAME`, else `$HOSTNAME`. What the file or a variable says wins.',
    '',
    '## Replicas',
    '',
    'A guard with a `replicaId` writes its executed log as `guard-{replicaId}-<seq>.jsonl` with the lock',
    '`guard-{replicaId}.lock`, so replicas that share one audit volume never share a log. `verbatim audit',
    'verify DIR` checks each replica\'s log, and `verbatim audit reconcile` names the log of every finding.',
    'Replicas must share a replay store (`replay: { redis: … }`): an in-memory store knows only its own',
    'replica\'s nonces.',
    '',
    '| field | type | default | environment | meaning |',
    '| --- | --- | --- | --- | --- |',
    ...out,
    '',
  ].join('\n')
}
