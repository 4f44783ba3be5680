/** @module cli/keys: `verbatim keys generate --dir DIR` writes an Ed25519 signing key and its public JWK. */
import type { CliIO } from './io.js'
import { generateKeyPair, writeKeyFiles } from '../binding/index.js'

const USAGE = 'usage: verbatim keys generate --dir DIR\n'

/** Writes `<kid>.key.pem` (PKCS#8, 0600) and `<kid>.jwk.json` into DIR; prints kid and both paths. */
export async function keysCommand(args: string[], io: CliIO): Promise<number> {
  const [sub, ...rest] = args
  if (sub !== 'generate') {
    io.stderr.write(USAGE)
    return 2
  }
  let dir: string | undefined
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]
    if (a === '--dir') dir = rest[++i]
    else if (a !== undefined && a.startsWith('--dir=')) dir = a.slice('--dir='.length)
    else {
      io.stderr.write(`verbatim keys: unknown argument '${a}'\n${USAGE}`)
      return 2
    }
  }
  if (dir === undefined || dir === '') {
    io.stderr.write(USAGE)
    return 2
  }
  try {
    const key = await generateKeyPair()
    const { privatePath, publicPath } = await writeKeyFiles(dir, key)
    io.stdout.write(`kid ${key.kid}\nprivate ${privatePath}\npublic ${publicPath}\n`)
    return 0
  } catch (e) {
    io.stderr.write(`verbatim keys: ${e instanceof Error ? e.message : String(e)}\n`)
    return 1
  }
}
