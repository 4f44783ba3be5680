/** @module cli/mcp-bridge: `verbatim mcp-bridge --gate URL --server NAME`: point any stdio MCP client at a gate. */
import { startBridge } from '../mcp/bridge.js'
import { parseFlags } from './args.js'
import type { CommandSpec } from './command.js'
import { usageText } from './command.js'
import type { CliIO } from './io.js'

const USAGE = usageText('verbatim mcp-bridge', '--gate URL --server NAME [--token-env VAR]',
  'Speaks MCP on stdio to the client that launched it (a desktop client\'s "command" entry), and',
  'Streamable HTTP to the gate\'s /mcp/NAME, with the agent\'s bearer token from the environment',
  '(VERBATIM_TOKEN, or the variable --token-env names). Runs until the client closes stdin (exit 0).',
  'A request the gate refuses is answered with a JSON-RPC error in the gate\'s words. When the gate',
  'refuses the bridge itself (a wrong token, server name or host), it says so on stderr and exits 1.',
  '',
  'options:',
  '  --gate URL          the gate, e.g. http://127.0.0.1:8080',
  '  --server NAME       the MCP server as the gate names it (mcp.servers[].name)',
  '  --token-env VAR     the variable holding the token (default VERBATIM_TOKEN)',
)

export async function mcpBridgeCommand(args: string[], io: CliIO): Promise<number> {
  const flags = parseFlags(args, { gate: { type: 'string' }, server: { type: 'string' }, 'token-env': { type: 'string' } }, io, USAGE,
    { gate: 'URL, the gate (e.g. http://127.0.0.1:8080)', server: 'NAME, the MCP server as the gate names it (mcp.servers[].name)' })
  if (!flags) return 2
  const { gate, server } = flags.values
  const tokenVar = flags.values['token-env'] ?? 'VERBATIM_TOKEN'
  const token = io.env[tokenVar]
  if (gate === undefined || server === undefined) return 2
  if (token === undefined || token === '') {
    io.stderr.write(`verbatim mcp-bridge: ${tokenVar} is not set; it holds the agent's token for the gate\n`)
    return 2
  }
  let endpoint: URL
  try {
    endpoint = new URL(`/mcp/${encodeURIComponent(server)}`, gate)
  } catch {
    io.stderr.write(`verbatim mcp-bridge: --gate ${gate} is not a URL\n`)
    return 2
  }
  // stdout carries the protocol: every diagnostic goes to stderr.
  const bridge = await startBridge({ endpoint, token, log: (l) => void io.stderr.write(`${l}\n`) })
  const { refused } = await bridge.closed
  return refused === undefined ? 0 : 1
}

export const mcpBridgeSpec: CommandSpec = { name: 'verbatim mcp-bridge', usage: USAGE, run: mcpBridgeCommand }
