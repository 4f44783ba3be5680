/** @module cli/args: a small, strict flag parser built on node:util parseArgs, whose refusals say what to type instead. */
import { parseArgs } from 'node:util'
import type { ParseArgsConfig } from 'node:util'
import { closestName } from '../config/index.js'
import type { CliIO } from './io.js'

type Options = NonNullable<ParseArgsConfig['options']>

/**
 * Parses flags. On a usage error (an unknown option, with the one it was probably meant to be; an
 * option without its value; a `required` option missing, named with what it is) writes it and the
 * usage text to stderr and returns undefined: the caller exits 2.
 * @example parseFlags(args, { dir: { type: 'string' } }, io, USAGE, { dir: 'DIR, the directory the key files go to' })
 */
export function parseFlags<T extends Options>(
  args: string[],
  options: T,
  io: CliIO,
  usage: string,
  required?: Readonly<Partial<Record<keyof T & string, string>>>,
): ReturnType<typeof parseArgs<{ args: string[]; options: T; allowPositionals: true; strict: true }>> | undefined {
  const name = /^usage: (verbatim(?: [a-z][a-z-]*)*)/.exec(usage)?.[1] ?? 'verbatim'
  let parsed: ReturnType<typeof parseArgs<{ args: string[]; options: T; allowPositionals: true; strict: true }>>
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true })
  } catch (err) {
    io.stderr.write(`${name}: ${explain(err as Error & { code?: string }, options)}\n${usage}`)
    return undefined
  }
  const values = parsed.values as Record<string, unknown>
  const missing = Object.entries(required ?? {}).filter(([k]) => values[k] === undefined || values[k] === '')
  if (missing.length > 0) {
    io.stderr.write(missing.map(([k, what]) => `${name}: --${k} is required: ${String(what)}\n`).join('') + usage)
    return undefined
  }
  return parsed
}

/** node's parseArgs message, said as the fix. */
function explain(err: Error & { code?: string }, options: Options): string {
  if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const given = /'([^']+)'/.exec(err.message)?.[1] ?? ''
    const spelled = Object.entries(options).flatMap(([long, o]) => [`--${long}`, ...(o.short === undefined ? [] : [`-${o.short}`])])
    const best = closestName(given.split('=')[0] ?? given, spelled)
    return `unknown option '${given}'${best === undefined ? '' : `; did you mean '${best}'?`}`
  }
  if (err.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const m = /--([a-z][a-z-]*) <value>' argument missing/.exec(err.message)
    if (m !== null) return `--${m[1]} needs a value`
  }
  return err.message
}
