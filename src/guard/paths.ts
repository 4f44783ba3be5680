/**
 * @module guard/paths: what the guard can see that the gate cannot. `pathUnder` is lexical: a
 * symlink already inside an allowed folder leads out of it. Beside the executor's file system, the
 * guard resolves the path arguments a call names (realpath, POSIX.1-2017 §4.13) and refuses, before
 * the tool runs, one that leaves the roots or crosses onto another mount. Defence in depth: the
 * executor opens the path later, so a link swapped in between is not seen (docs/guard.md).
 */
import { realpath, stat } from 'node:fs/promises'
import { basename, dirname, isAbsolute, join } from 'node:path'
import { z } from 'zod'
import type { JsonValue } from '../canonical/index.js'
import { VerbatimError } from '../errors/index.js'
import { pointerTokens, resolvePointer } from '../policy/index.js'
import type { VerifiedBinding } from './types.js'

const POINTER_RE = /^(?:\/(?:[^~/]|~[01])*)*$/

export const PathCheckSchema = z.strictObject({
  roots: z.array(z.string().min(1)).min(1).describe('The folders the policy decided on; each must exist (resolved once, at start)'),
  arguments: z.array(z.strictObject({
    tools: z.array(z.string().min(1)).min(1).describe('Tool names as the policy names them (fs.write, mcp:fs/tools/call/write_file), or prefixes ending in *'),
    pointers: z.array(z.string().regex(POINTER_RE, 'a JSON Pointer (RFC 6901)')).min(1).describe("The path arguments, as the policy's pointers address them (for MCP, inside params.arguments)"),
  })).min(1).describe('Which arguments of which tools are paths'),
}).describe('Resolve path arguments on the file system and refuse, before execution, a call whose path leaves the roots (docs/guard.md, "Path check")')

export type PathCheckConfig = z.infer<typeof PathCheckSchema>

/** Checks one verified call; throws ERR_GUARD_PATH_OUTSIDE. */
export type PathCheck = (v: VerifiedBinding) => Promise<void>

interface Root { readonly real: string; readonly dev: number }

const outside = (message: string, v: VerifiedBinding): VerbatimError =>
  new VerbatimError('ERR_GUARD_PATH_OUTSIDE', message, { detail: { decisionId: v.decisionId, agent: v.agent, tool: v.tool, audience: v.audience } })

/** The arguments the policy saw: the whole value, or an MCP tools/call's params.arguments. */
function argumentsOf(v: VerifiedBinding): JsonValue | undefined {
  if (v.rpc === undefined) return v.value
  return resolvePointer(v.value, ['params', 'arguments'])
}

/**
 * Where `p` leads: the real path of its deepest existing ancestor (every symlink resolved), then the
 * names below it that do not exist yet, which cannot be links. A name below that is "." or ".." is
 * refused: it names a place only the finished path will decide.
 */
async function resolveOnDisk(p: string): Promise<{ real: string; existing: string } | { problem: string }> {
  const tail: string[] = []
  let at = p
  for (;;) {
    try {
      const real = await realpath(at)
      return { real: tail.length === 0 ? real : join(real, ...tail.reverse()), existing: real }
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT' || at === dirname(at)) return { problem: `${JSON.stringify(p)} cannot be resolved: ${(e as Error).message}` }
      const name = basename(at)
      if (name === '..' || name === '.') return { problem: `${JSON.stringify(p)} has "${name}" below what exists` }
      tail.push(name)
      at = dirname(at)
    }
  }
}

/** The check for a guard.yaml `paths:` section; the roots are resolved now, and a missing one refuses the start. */
export async function createPathCheck(config: PathCheckConfig): Promise<PathCheck> {
  const roots: Root[] = []
  for (const r of config.roots) {
    const real = await realpath(r).catch((e: Error) => { throw new VerbatimError('ERR_CONFIG_INVALID', `paths.roots: ${r} cannot be resolved: ${e.message}`) })
    roots.push({ real, dev: (await stat(real)).dev })
  }
  const matches = (tool: string, pattern: string): boolean => (pattern.endsWith('*') ? tool.startsWith(pattern.slice(0, -1)) : tool === pattern)
  const rules = config.arguments.map((a) => ({ tools: a.tools, pointers: a.pointers.map(pointerTokens), names: a.pointers }))
  const under = (real: string, root: Root): boolean => real === root.real || real.startsWith(root.real === '/' ? '/' : `${root.real}/`)

  return async (v) => {
    const args = argumentsOf(v)
    for (const rule of rules) {
      if (!rule.tools.some((t) => matches(v.tool, t))) continue
      for (const [i, tokens] of rule.pointers.entries()) {
        const p = resolvePointer(args, tokens)
        if (p === undefined) continue
        const name = rule.names[i] as string
        if (typeof p !== 'string') throw outside(`${name} is ${JSON.stringify(p)}, not a path`, v)
        if (!isAbsolute(p)) throw outside(`${name} ${JSON.stringify(p)} is relative: the guard cannot tell which folder the executor resolves it in`, v)
        const r = await resolveOnDisk(p)
        if ('problem' in r) throw outside(`${name}: ${r.problem}`, v)
        const root = roots.find((x) => under(r.real, x))
        if (root === undefined) throw outside(`${name} ${JSON.stringify(p)} resolves to ${r.real}, outside ${roots.map((x) => x.real).join(', ')}`, v)
        // A mount inside a root (a bind mount, a volume) leads elsewhere whatever its path says.
        if ((await stat(r.existing)).dev !== root.dev) throw outside(`${name} ${JSON.stringify(p)} crosses onto another mount at ${r.existing}`, v)
      }
    }
  }
}
