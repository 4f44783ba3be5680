/** @module cli/io: the streams a command writes to, injected so tests can capture them. */
import { readFile } from 'node:fs/promises'

export interface CliIO {
  stdout: NodeJS.WritableStream
  stderr: NodeJS.WritableStream
  stdin: NodeJS.ReadableStream
  env: NodeJS.ProcessEnv
}

export type Command = (args: string[], io: CliIO) => Promise<number>

export function processIO(): CliIO {
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env }
}

/** Reads a whole file, or stdin when the path is `-` or absent, as raw bytes. */
export async function readInput(path: string | undefined, io: CliIO): Promise<Uint8Array> {
  if (path !== undefined && path !== '-') return new Uint8Array(await readFile(path))
  const chunks: Buffer[] = []
  for await (const chunk of io.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string))
  return new Uint8Array(Buffer.concat(chunks))
}
