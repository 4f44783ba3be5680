/** @module tests/policy/run-cli: run `verbatim …` in process with captured streams. */
import { PassThrough } from 'node:stream'
import { main } from '../../src/cli/main.js'
import type { CliIO } from '../../src/cli/io.js'

export interface Run { code: number; out: string; err: string }

export async function runCli(args: string[], stdin = ''): Promise<Run> {
  const stdout = new PassThrough()
  const stderr = new PassThrough()
  const input = new PassThrough()
  let out = ''
  let err = ''
  stdout.on('data', (c: Buffer) => { out += c.toString() })
  stderr.on('data', (c: Buffer) => { err += c.toString() })
  input.end(stdin)
  const io: CliIO = { stdout, stderr, stdin: input, env: {} }
  const code = await main(args, io)
  return { code, out, err }
}
