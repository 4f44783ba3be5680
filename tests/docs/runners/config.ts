/** @module tests/docs/runners/config: verbatim.yaml and guard.yaml blocks, through the real loaders. */
import { readFile, writeFile } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { loadSigningKey, readKeySetFile } from '../../../src/binding/index.js'
import { parseConfig } from '../../../src/config/index.js'
import { parseGuardConfig } from '../../../src/guard/index.js'
import { loadPolicy } from '../../../src/policy/index.js'
import { opt } from '../annotation.js'
import type { AnnotatedBlock } from '../doc-set.js'
import type { Session } from '../session.js'

/** Where the block lives as a file (`file=`, mapped into the session), and its text with the session's substitutions. */
async function place(block: AnnotatedBlock, session: Session | undefined, fallback: string): Promise<{ path: string; text: string }> {
  const file = opt(block.annotation, 'file')
  if (session === undefined) return { path: file ?? fallback, text: block.text }
  const path = resolve(session.dir, session.mapIn(file ?? join('.doc-test', fallback)))
  const text = session.mapIn(block.text, dirname(path))
  await session.ensureDir(dirname(path))
  await writeFile(path, text)
  return { path, text }
}

/**
 * parseConfig, as `verbatim serve` reads the file (no VERBATIM_… overrides). In a session, each
 * file the config names must also load: the policies, the signing key, every receipts key set and
 * previous key. Outside a session only the text is checked.
 */
export async function runConfig(block: AnnotatedBlock, session: Session | undefined): Promise<void> {
  const { path, text } = await place(block, session, 'verbatim.yaml')
  const { config } = parseConfig(path, text, {})
  if (session === undefined) return
  await loadPolicy(config.policies)
  await loadSigningKey(config.signing.keyFile)
  for (const u of config.upstreams) if (u.receipts !== undefined && 'jwksFile' in u.receipts) await readKeySetFile(u.receipts.jwksFile)
  for (const k of config.signing.previousKeys) JSON.parse(await readFile(k, 'utf8'))
}

/** parseGuardConfig, as `verbatim guard --config` reads it; in a session its key set and key file must load. */
export async function runGuardConfig(block: AnnotatedBlock, session: Session | undefined): Promise<void> {
  const { path, text } = await place(block, session, 'guard.yaml')
  const config = parseGuardConfig(path, text)
  if (session === undefined) return
  if ('jwksFile' in config.keys) await readKeySetFile(config.keys.jwksFile)
  if (config.signing.keyFile !== undefined) await loadSigningKey(config.signing.keyFile)
}
