/** @module config/json-schema: JSON Schema of verbatim.yaml, and the key shape env overrides walk. */
import { z } from 'zod'
import { ConfigSchema } from './schema.js'

type JsonSchema = { type?: string | string[]; properties?: Record<string, JsonSchema>; items?: JsonSchema; anyOf?: JsonSchema[]; description?: string; default?: unknown; required?: string[]; [k: string]: unknown }

/** The JSON Schema (draft 2020-12) of the config file, from the zod schema. */
export function configJsonSchema(): JsonSchema {
  return z.toJSONSchema(ConfigSchema, { io: 'input', unrepresentable: 'any' }) as JsonSchema
}

export interface KeyShape {
  keys: readonly string[]
  child: (key: string) => KeyShape | undefined
}

/** Object keys by name, array elements as '#'. */
export function keyShape(schema: JsonSchema = configJsonSchema()): KeyShape {
  const props = schema.properties
  if (props) return { keys: Object.keys(props), child: (k) => (props[k] ? keyShape(props[k]) : undefined) }
  const items = schema.items
  if (items) return { keys: ['#'], child: () => keyShape(items) }
  return { keys: [], child: () => undefined }
}

/** docs/config.md, generated from the same schema. A test fails when the committed file differs. */
export function renderConfigDoc(): string {
  const rows: string[] = []
  const walk = (s: JsonSchema, path: string[], env: string[], required: boolean): void => {
    if (path.length > 0) {
      const type = s.properties ? 'object' : s.items ? `array` : s.anyOf ? 'one of: ' + s.anyOf.map((a) => Object.keys(a.properties ?? {}).join('/') || a.type).join(' | ') : String(s.type ?? 'any')
      const def = s.default === undefined ? (required ? 'required' : '') : `\`${JSON.stringify(s.default)}\``
      if (path.at(-1) !== '[i]') rows.push(`| \`${path.join('.')}\` | ${type.replaceAll('|', 'or')} | ${def} | \`VERBATIM_${env.join('_')}\` | ${(s.description ?? '').replaceAll('|', '\\|')} |`)
    }
    if (s.properties) {
      for (const [k, child] of Object.entries(s.properties)) {
        walk(child, [...path, k], [...env, k.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()], s.required?.includes(k) ?? false)
      }
    } else if (s.items?.properties) {
      walk(s.items, [...path, '[i]'], [...env, 'I'], true)
    }
  }
  walk(configJsonSchema(), [], [], true)
  return [
    '# Configuration: verbatim.yaml',
    '',
    '<!-- Generated from src/config/schema.ts by `npm run docs`. Do not edit by hand. -->',
    '',
    'The gate reads `verbatim.yaml` (or `--config FILE`, or `VERBATIM_CONFIG`). The file is validated',
    'strictly: an unknown key, a wrong type or a duplicate key stops the start. Every fault comes at once,',
    'one a line on stderr, at `file:line:col` with the reason and the fix (the key or value a typo was',
    'probably meant to be), and the gate exits 2. `verbatim config check [FILE]` makes every check the gate',
    'makes before it listens: the file and its overrides, each agent\'s token variable (set, 16 characters or',
    'more), the signing key, `signing.keyId` and previous keys, each receipts key set, the policies and the',
    'audit directory; it prints `ok` (exit 0) or the same faults (exit 2). It cannot check the listen',
    'address, or the audit log\'s lock, which a running gate holds. `verbatim config schema` prints the JSON',
    'Schema for editors.',
    '',
    'Every field can be overridden from the environment. The variable is `VERBATIM_` followed by the',
    'path in upper snake case; array elements take their index in place of `I` (`VERBATIM_UPSTREAMS_0_URL`), and any',
    'variable may carry a JSON value for a whole subtree (`VERBATIM_POLICIES=\'["/etc/verbatim/policies"]\'`).',
    'Overrides are validated like the file, and the start-up log names each one applied. `VERBATIM_LISTEN`',
    'also takes `HOST:PORT` (`VERBATIM_LISTEN=0.0.0.0:8080`). `VERBATIM_GUARD_…` variables belong to the',
    'standalone guard ([guard-config.md](guard-config.md)) and are ignored here.',
    '',
    '`VERBATIM_PROFILE=container` (set by the image) changes the defaults of fields the file leaves out:',
    '`listen` becomes `0.0.0.0:8080` and `audit.dir` `/var/lib/verbatim/audit`, the image\'s writable volume.',
    '',
    'Tokens are never stored in plain text: give `{ env: NAME }` (the token is read from that variable)',
    'or `{ sha256: HEX }` (the hex SHA-256 of the token).',
    '',
    '| field | type | default | environment | meaning |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n')
}
