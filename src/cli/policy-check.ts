/** @module cli/policy-check: `policy check`: load faults, and with --config, --tools or --mcp, dead rules; each at file:line:col. */
import type { Config } from '../config/index.js'
import { formatFault, loadConfig } from '../config/index.js'
import { isVerbatimError } from '../errors/index.js'
import type { CompiledPolicy, LintContext, PolicyFault, PolicySource, ToolSchema } from '../policy/index.js'
import { compilePolicy, lintContextOf, lintPolicy, lintRules, loadPolicyParsers, mcpToolNames, readPolicySources, readToolSchemaFile, sortFaults } from '../policy/index.js'
import { parseFlags } from './args.js'
import { usageText } from './command.js'
import type { CliIO } from './io.js'
import { mcpToolSchemas } from './policy-mcp.js'

export const DEFAULT_PATHS = ['policies']

export const CHECK_USAGE = usageText('verbatim policy check', '[--config FILE] [--tools FILE]... [--mcp [NAME=]URL]... [PATH...]',
  'Validates policy files or folders (default: the --config policies, else policies/). Prints the rule',
  'count and the policy digest (exit 0), or each fault as file:line:col: message, then "N faults" (exit 1).',
  'Every fault of every file comes at once.',
  '',
  'With what the policy is served against, it also reports rules that can never match (docs/policy.md):',
  '  --config FILE   the gate\'s verbatim.yaml: an agent it does not know, a tool no route serves or its',
  '                  upstream does not list, an mcp:SERVER/… name of no server in mcp.servers or one that',
  '                  passes without a decision, and conditions each upstream\'s toolSchemas rule out',
  '  --tools FILE    tool input schemas, { tools: [{ name, inputSchema }] } (an MCP tools/list result); repeatable',
  '  --mcp [NAME=]URL  a live MCP server (Streamable HTTP): its tools/list, for rules on its bare tool names',
  '                  and on mcp:NAME/tools/call/TOOL (NAME: the server as mcp.servers names it; without it,',
  '                  the one server of --config, if it has one); repeatable',
  'A condition is checked against the schema of each tool its rule covers: the pointer must exist, the',
  'operator must fit the type there (pathUnder on a string, maxItems on an array), and type, equals and',
  'in must not contradict it.',
  '',
  'Always, it reasons over the rules themselves and reports unsafe and dead policy: prefix or pattern on',
  'a path or URL (write pathUnder or url), contradictory conditions and empty ranges, host entries that',
  'never decide, an allow that a deny always overrides, a rule another already covers. Conditions it',
  'cannot reason about exactly are counted on a "not checked:" line.',
  '',
  'exit status: 0 no fault; 1 faults; 2 usage error, or the config cannot be read',
)

/** Reads and compiles; faults of either step come back as data, with the sources that were read. */
export async function loadSources(paths: string[]): Promise<{ sources: PolicySource[]; policy?: CompiledPolicy; faults: PolicyFault[] }> {
  let sources: PolicySource[] = []
  try {
    sources = await readPolicySources(paths)
    await loadPolicyParsers()
    return { sources, policy: compilePolicy(sources), faults: [] }
  } catch (e) {
    if (!isVerbatimError(e) || e.code !== 'ERR_POLICY_INVALID') throw e
    return { sources, faults: (e.detail?.faults ?? []) as PolicyFault[] }
  }
}

/** `--mcp NAME=URL` or `--mcp URL`: the server's name in mcp: rules, when given. */
function mcpTarget(arg: string): { name?: string; url: string } {
  const m = /^([a-z0-9][a-z0-9_-]{0,63})=(.+)$/.exec(arg)
  return m === null ? { url: arg } : { name: m[1] as string, url: m[2] as string }
}

async function gather(config: Config | undefined, files: string[], urls: string[]): Promise<{ context: LintContext; faults: PolicyFault[] }> {
  const base = config === undefined ? { context: {}, faults: [] } : await lintContextOf(config)
  const tools: ToolSchema[] = [...(base.context.tools ?? [])]
  const mcpTools = new Map(base.context.mcp?.tools ?? [])
  const faults = [...base.faults]
  for (const got of await Promise.all(files.map((f) => readToolSchemaFile(f)))) {
    tools.push(...got.tools)
    faults.push(...got.faults)
  }
  // A live server's tools name its bare tools (/v1/tools rules) and, under its name, its mcp: calls.
  const only = config?.mcp.servers.length === 1 ? config.mcp.servers[0]?.name : undefined
  for (const [target, got] of await Promise.all(urls.map(async (u) => [mcpTarget(u), await mcpToolSchemas(mcpTarget(u).url)] as const))) {
    tools.push(...got.tools)
    faults.push(...got.faults)
    const name = target.name ?? only
    if (name === undefined || got.faults.length > 0) continue
    tools.push(...mcpToolNames(name, got.tools))
    mcpTools.set(name, got.tools.map((t) => t.name))
  }
  const mcp = base.context.mcp === undefined && mcpTools.size === 0 ? {} : { mcp: { ...base.context.mcp, tools: mcpTools } }
  return { context: { ...base.context, tools, ...mcp }, faults }
}

/** What the reasoning over rules could not decide, said as such: never "ok" for it. */
export function notChecked(conditions: number, pairs: number): string {
  const pairText = pairs === 0 ? '' : `, nor whether ${pairs} ${pairs === 1 ? 'pair' : 'pairs'} of rules on the same tools overlap because of them`
  return `not checked: ${conditions} ${conditions === 1 ? 'condition' : 'conditions'} (pattern, shell, sql, url, urlHost, each, some, anyOf, not, …) can contradict another or be implied by one${pairText}`
}

function summary(context: LintContext): string {
  const parts: string[] = []
  if (context.agents !== undefined) parts.push(`${context.agents.length} agents`)
  if (context.routes !== undefined) parts.push(`${context.routes.length} routes`)
  if (context.mcp?.servers !== undefined && context.mcp.servers.length > 0) parts.push(`${context.mcp.servers.length} MCP servers`)
  // A tool counts once, whether it is named bare, as an MCP server's call, or both.
  parts.push(`${new Set((context.tools ?? []).map((t) => `${t.source}\u0000${t.name.replace(/^mcp:[^/]+\/tools\/call\//, '')}`)).size} tool schemas`)
  return `checked against ${parts.join(', ')}`
}

export async function policyCheckCommand(args: string[], io: CliIO): Promise<number> {
  const flags = parseFlags(args, {
    config: { type: 'string' },
    tools: { type: 'string', multiple: true },
    mcp: { type: 'string', multiple: true },
  }, io, CHECK_USAGE)
  if (flags === undefined) return 2
  const { config: configFile, tools = [], mcp = [] } = flags.values
  let config: Config | undefined
  if (configFile !== undefined) {
    try {
      config = (await loadConfig(configFile, io.env)).config
    } catch (e) {
      if (!isVerbatimError(e)) throw e
      io.stderr.write(`${e.code}: ${e.message}\n`)
      return 2
    }
  }
  const paths = flags.positionals.length > 0 ? flags.positionals : (config?.policies ?? DEFAULT_PATHS)
  const loaded = await loadSources(paths)
  const faults = [...loaded.faults]
  const linting = config !== undefined || tools.length > 0 || mcp.length > 0
  const lint = linting ? await gather(config, tools, mcp) : undefined
  if (lint !== undefined) faults.push(...lint.faults, ...lintPolicy(loaded.sources, lint.context))
  const semantic = lintRules(loaded.sources, lint?.context.tools ?? [])
  faults.push(...semantic.faults)
  sortFaults(faults, loaded.sources.map((s) => s.path))
  for (const f of faults) io.stdout.write(formatFault(f) + '\n')
  if (faults.length > 0 || loaded.policy === undefined) {
    io.stdout.write(`${faults.length} ${faults.length === 1 ? 'fault' : 'faults'}\n`)
    return 1
  }
  io.stdout.write(`ok: ${loaded.policy.ruleCount} rules in ${loaded.sources.length} files\ndigest: ${loaded.policy.digest}\n`)
  if (lint !== undefined) io.stdout.write(`${summary(lint.context)}\n`)
  if (semantic.opaqueConditions > 0) io.stdout.write(`${notChecked(semantic.opaqueConditions, semantic.undecidedPairs)}\n`)
  return 0
}
