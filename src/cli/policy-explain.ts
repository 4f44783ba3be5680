/** @module cli/policy-explain: `policy explain`: the decision JSON for one call, the body read as the gate reads it. */
import type { CanonicalOptions } from '../canonical/index.js'
import type { Config } from '../config/index.js'
import { canonicalOptionsOf, formatFault, loadConfig } from '../config/index.js'
import { ERRORS, isVerbatimError } from '../errors/index.js'
import type { VerbatimError } from '../errors/index.js'
import { toolFromTarget } from '../intake/index.js'
import { canonicalArguments, evaluate, loadPolicy } from '../policy/index.js'
import type { CompiledPolicy, PolicyFault } from '../policy/index.js'
import { parseFlags } from './args.js'
import { usageText } from './command.js'
import type { CliIO } from './io.js'
import { readInput } from './io.js'

export const EXPLAIN_USAGE = usageText('verbatim policy explain', '(--policy PATH... | --config FILE) --agent ID --tool NAME [ARGS_FILE|-]',
  'Prints the decision JSON the gate would reach for one call: ARGS_FILE (or stdin) is the request body,',
  'as bytes, and goes through the gate\'s own step (canonicalArguments): an empty body, bytes the strict',
  'parser refuses, a value that is not an object, or a tool name the gate\'s path refuses is refused with',
  'the gate\'s code, never evaluated. Tokens and routes are not checked.',
  '',
  'options:',
  '  --policy PATH   a policy file or folder; repeatable (default with --config: its policies)',
  '  --config FILE   the gate\'s verbatim.yaml: its policies, body limit and strict-parse profile',
  '                  (without it: the default profile, docs/canonical.md)',
  '  --agent ID      the authenticated agent id',
  '  --tool NAME     the tool, as in POST /v1/tools/NAME',
  '',
  'exit status: 0 a decision (allow, ask or deny) was printed; 1 the gate refuses the call before policy:',
  '{"decision":"reject","code":…} on stdout, "ERR_…: message" on stderr; 2 usage error, or the input,',
  'policy or config cannot be read',
)

/** The strict-parse profile of a gate run with this config (as src/gate/server.ts builds it). */
export async function policyExplainCommand(args: string[], io: CliIO): Promise<number> {
  const flags = parseFlags(args, {
    policy: { type: 'string', multiple: true },
    config: { type: 'string' },
    agent: { type: 'string' },
    tool: { type: 'string' },
  }, io, EXPLAIN_USAGE, { agent: 'ID, the agent that makes the call', tool: 'NAME, the tool it calls' })
  if (flags === undefined) return 2
  const { policy: given, config: configFile, agent, tool } = flags.values
  if (given === undefined && configFile === undefined) {
    io.stderr.write(`verbatim policy explain: --policy PATH or --config FILE is required: the policy to explain\n${EXPLAIN_USAGE}`)
    return 2
  }
  if (agent === undefined || tool === undefined || flags.positionals.length > 1) {
    io.stderr.write(`verbatim policy explain: one ARGS_FILE at most, got ${flags.positionals.join(' ')}\n${EXPLAIN_USAGE}`)
    return 2
  }
  let options: CanonicalOptions | undefined
  let policy: CompiledPolicy
  try {
    const config = configFile === undefined ? undefined : (await loadConfig(configFile, io.env)).config
    if (config !== undefined) options = canonicalOptionsOf(config)
    policy = await loadPolicy(given ?? config?.policies ?? [])
  } catch (e) {
    if (!isVerbatimError(e)) throw e
    const faults = (e.detail?.faults ?? []) as PolicyFault[]
    if (faults.length > 0) for (const f of faults) io.stderr.write(formatFault(f) + '\n')
    else io.stderr.write(`${e.code}: ${e.message}\n`)
    return 2
  }
  let body: Uint8Array
  try {
    body = await readInput(flags.positionals[0], io)
  } catch (e) {
    io.stderr.write(`verbatim policy explain: cannot read ${flags.positionals[0] ?? 'stdin'}: ${(e as Error).message}\n`)
    return 2
  }
  try {
    toolFromTarget(`/v1/tools/${tool}`)
    const { value } = canonicalArguments(body, options)
    const decision = evaluate(policy, { agent, tool, value })
    io.stdout.write(JSON.stringify(decision, null, 2) + '\n')
    return 0
  } catch (e) {
    if (!isVerbatimError(e)) throw e
    io.stdout.write(JSON.stringify(refusal(e), null, 2) + '\n')
    io.stderr.write(`${e.code}: ${e.message}\n`)
    return 1
  }
}

/** What the agent would get instead of a decision: the code, its HTTP status and the message. */
function refusal(e: VerbatimError): { decision: 'reject'; code: string; status: number; message: string } {
  return { decision: 'reject', code: e.code, status: ERRORS[e.code].status, message: e.message }
}
