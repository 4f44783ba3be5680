/** @module tests/helpers/cli: run `verbatim …` in process (the CLI's own dispatcher, as bin/verbatim runs it) with captured streams. */
import { PassThrough } from 'node:stream'
import { main } from '../../src/cli/main.js'

export interface Run {
  code: number
  out: string
  err: string
  /** stdout as bytes (canonical output is compared byte for byte). */
  bytes: Buffer
}

/** Runs `verbatim ARGS` with stdin (ended at once) and the environment given, nothing else. */
export async function runCli(args: string[], o: { stdin?: string | Uint8Array; env?: Record<string, string> } = {}): Promise<Run> {
  const out: Buffer[] = []
  const err: Buffer[] = []
  const stdout = new PassThrough().on('data', (c: Buffer) => out.push(c))
  const stderr = new PassThrough().on('data', (c: Buffer) => err.push(c))
  const stdin = new PassThrough()
  stdin.end(o.stdin ?? '')
  const code = await main(args, { stdout, stderr, stdin, env: o.env ?? {} })
  const bytes = Buffer.concat(out)
  return { code, out: bytes.toString(), err: Buffer.concat(err).toString(), bytes }
}
