/** @module cli/canonical: `verbatim canonical [FILE|-]` prints the bytes the gate would evaluate. */
import { canonicalBytes } from '../canonical/index.js'
import { isVerbatimError } from '../errors/index.js'
import type { CliIO } from './io.js'
import { readInput } from './io.js'

/** Writes the RFC 8785 bytes of FILE (or stdin) with no trailing newline; `ERR_…: message` on rejection. */
export async function canonicalCommand(args: string[], io: CliIO): Promise<number> {
  if (args.length > 1 || (args[0] !== undefined && args[0] !== '-' && args[0].startsWith('-'))) {
    io.stderr.write('usage: verbatim canonical [FILE|-]\n')
    return 2
  }
  let input: Uint8Array
  try {
    input = await readInput(args[0], io)
  } catch (e) {
    io.stderr.write(`verbatim canonical: cannot read ${args[0] ?? 'stdin'}: ${(e as Error).message}\n`)
    return 2
  }
  try {
    const { bytes } = canonicalBytes(input)
    await write(io.stdout, bytes)
    return 0
  } catch (e) {
    if (!isVerbatimError(e)) throw e
    io.stderr.write(`${e.code}: ${e.message}\n`)
    return 1
  }
}

/** Resolves once the stream has taken the bytes, so the exit code never races the output. */
function write(stream: NodeJS.WritableStream, bytes: Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.write(bytes, (err) => (err ? reject(err) : resolve()))
  })
}
