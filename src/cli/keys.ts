/** @module cli/keys: `verbatim keys generate --dir DIR` writes an Ed25519 signing key, its public JWK and the JWK Set. */
import { generateKeyPair, writeKeyFiles } from '../binding/index.js'
import { isVerbatimError } from '../errors/index.js'
import { parseFlags } from './args.js'
import type { CommandSpec } from './command.js'
import { usageText } from './command.js'
import type { CliIO } from './io.js'

const GENERATE_USAGE = usageText('verbatim keys generate', '--dir DIR',
  'Generates an Ed25519 key pair and writes into DIR (created with mode 0700 if missing):',
  '  <kid>.key.pem    the private key, PKCS#8 PEM, mode 0600: the gate\'s signing.keyFile',
  '  <kid>.jwk.json   its public JWK; kid is the RFC 7638 thumbprint',
  '  jwks.json        the JWK Set {"keys":[…]} a guard trusts: keys.jwksFile, or --jwks-file',
  '',
  'If DIR/jwks.json exists, the new public key is ADDED to it and every key already there is kept:',
  'that is rotation (publish the new key next to the old one, then switch the gate to it). A jwks.json',
  'that is not a set of Ed25519 public keys is refused (exit 1) and nothing is written. An existing key',
  'file is never overwritten.',
  '',
  'Prints "kid", "private", "public" and "jwks" lines, each with its value.',
)

async function generate(args: string[], io: CliIO): Promise<number> {
  const flags = parseFlags(args, { dir: { type: 'string' } }, io, GENERATE_USAGE, { dir: 'DIR, the directory the key files go to (made if missing)' })
  if (flags === undefined) return 2
  const dir = flags.values.dir
  if (dir === undefined || flags.positionals.length > 0) {
    io.stderr.write(`verbatim keys generate: unexpected argument '${flags.positionals[0] ?? ''}' (the directory is --dir DIR)\n${GENERATE_USAGE}`)
    return 2
  }
  try {
    const key = await generateKeyPair()
    const files = await writeKeyFiles(dir, key)
    io.stdout.write(`kid ${key.kid}\nprivate ${files.privatePath}\npublic ${files.publicPath}\njwks ${files.jwksPath}\n`)
    if (files.jwksKeys > 1) {
      io.stderr.write(`verbatim keys: added ${key.kid} to ${files.jwksPath}, which now holds ${files.jwksKeys} keys. ` +
        'Give guards the new set before the gate signs with the new key; remove an old key only after its bindings have expired.\n')
    }
    return 0
  } catch (e) {
    io.stderr.write(`verbatim keys: ${isVerbatimError(e) ? `${e.code}: ` : ''}${e instanceof Error ? e.message : String(e)}\n`)
    return 1
  }
}

export const keysSpec: CommandSpec = {
  name: 'verbatim keys',
  usage: usageText('verbatim keys', 'generate --dir DIR', 'Key files for the gate and the guard. verbatim keys generate --help for more.'),
  subcommands: {
    generate: async () => ({ name: 'verbatim keys generate', usage: GENERATE_USAGE, run: generate }),
  },
}
