/** @module policy/lint-load: the edge that reads what a policy is checked against: the gate config and tool schema files. */
import { readFile } from 'node:fs/promises'
import type { Config } from '../config/index.js'
import { ToolListFileSchema, formatFault, parseYamlWithSchema, unreadableFault } from '../config/index.js'
import type { CompiledPolicy } from './compile.js'
import type { JsonValue } from './json.js'
import type { LintContext, ToolSchema } from './lint.js'
import { lintPolicy } from './lint.js'
import { lintRules } from './lint-rules.js'
import { sortFaults } from './compile.js'
import type { PolicyFault } from './source.js'

export interface ToolSchemas { tools: ToolSchema[]; faults: PolicyFault[] }

/** Reads a file of tool schemas (JSON or YAML, shaped like an MCP tools/list result); faults at file:line:col. */
export async function readToolSchemaFile(file: string, source = file): Promise<ToolSchemas> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (e) {
    const f = unreadableFault(file, e)
    return { tools: [], faults: [{ ...f, message: `tool schemas: ${f.message}` }] }
  }
  const parsed = parseYamlWithSchema(file, text, ToolListFileSchema)
  if (parsed.data === undefined) return { tools: [], faults: parsed.faults }
  return { tools: parsed.data.tools.map((t) => ({ name: t.name, inputSchema: t.inputSchema as JsonValue, source })), faults: [] }
}

/** The tools of an MCP server under the names policy gives their calls, `mcp:{server}/tools/call/{tool}`. */
export function mcpToolNames(server: string, tools: readonly ToolSchema[]): ToolSchema[] {
  return tools.map((t) => ({ ...t, name: `mcp:${server}/tools/call/${t.name}` }))
}

/**
 * What `verbatim policy check --config` and the gate check a policy against: the config's agents,
 * its routes, each upstream's `toolSchemas` (read from their files here), and its MCP servers
 * (`mcp.servers`), whose tools are those of their upstream's `toolSchemas`, when it has them.
 */
export async function lintContextOf(config: Pick<Config, 'agents' | 'routes' | 'upstreams' | 'mcp'>): Promise<{ context: LintContext; faults: PolicyFault[] }> {
  const tools: ToolSchema[] = []
  const faults: PolicyFault[] = []
  const upstreamTools = new Map<string, string[]>()
  const mcpTools = new Map<string, string[]>()
  for (const u of config.upstreams) {
    if (u.toolSchemas === undefined) continue
    const source = `upstream ${u.name}`
    const got: ToolSchemas = 'file' in u.toolSchemas
      ? await readToolSchemaFile(u.toolSchemas.file, source)
      : { tools: u.toolSchemas.tools.map((t) => ({ name: t.name, inputSchema: t.inputSchema as JsonValue, source })), faults: [] }
    tools.push(...got.tools)
    faults.push(...got.faults)
    // A list that could not be read declares nothing: its upstream's tools are not checked against it.
    if (got.faults.length === 0) upstreamTools.set(u.name, got.tools.map((t) => t.name))
    for (const m of config.mcp.servers.filter((s) => s.upstream === u.name)) {
      tools.push(...mcpToolNames(m.name, got.tools))
      if (got.faults.length === 0) mcpTools.set(m.name, got.tools.map((t) => t.name))
    }
  }
  const context: LintContext = {
    agents: config.agents.map((a) => a.id),
    routes: config.routes.map((r) => ({ tools: r.tools, upstream: r.upstream })),
    upstreamTools,
    tools,
    mcp: { servers: config.mcp.servers.map((m) => ({ name: m.name, pass: m.pass })), tools: mcpTools },
  }
  return { context, faults }
}

/**
 * The gate's start-up check: each finding of lintPolicy against the config, as one log line. It
 * never throws; a dead rule fails closed, so the gate starts and says so.
 * @example for (const line of await policyWarnings(config, store.current)) log(`verbatim gate: ${line}`)
 */
/** An ask rule nobody could approve: no approvals section, or a group approvals.groups does not define (its calls are refused, ERR_APPROVAL_UNAVAILABLE). */
function askWarnings(config: Partial<Pick<Config, 'approvals'>>, policy: CompiledPolicy): string[] {
  const out: string[] = []
  for (const r of policy.rulesById.values()) {
    if (r.approval === undefined) continue
    if (config.approvals === undefined) out.push(`policy warning: ask rule ${r.id}: this gate has no approvals section, so its calls are refused (ERR_APPROVAL_UNAVAILABLE)`)
    else if (config.approvals.groups[r.approval.group] === undefined) out.push(`policy warning: ask rule ${r.id}: approver group ${r.approval.group} is not in approvals.groups, so its calls are refused (ERR_APPROVAL_UNAVAILABLE)`)
  }
  return out
}

export async function policyWarnings(config: Pick<Config, 'agents' | 'routes' | 'upstreams' | 'mcp'> & Partial<Pick<Config, 'approvals'>>, policy: CompiledPolicy): Promise<string[]> {
  try {
    const { context, faults } = await lintContextOf(config)
    const found = sortFaults([...lintPolicy(policy.sources, context), ...lintRules(policy.sources, context.tools ?? []).faults], policy.sources.map((s) => s.path))
    return [...faults, ...found].map((f) => `policy warning: ${formatFault(f)}`).concat(askWarnings(config, policy))
  } catch (e) {
    return [`policy warning: the policy check did not run: ${(e as Error).message}`]
  }
}
