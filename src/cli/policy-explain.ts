/** @module cli/policy-explain: `policy explain`: the decision JSON for one call, args read as the gate reads them. */
import type { CliIO } from './io.js'
import { readInput } from './io.js'
import { parseFlags } from './args.js'
import { canonicalBytes } from '../canonical/index.js'
import { formatFault } from '../config/index.js'
import { loadPolicy, evaluate } from '../policy/index.js'
import type { JsonValue, PolicyFault } from '../policy/index.js'
import { isVerbatimError } from '../errors/index.js'

const USAGE = 'verbatim policy explain --policy PATH [--policy PATH...] --agent ID --tool NAME [ARGS_FILE|-]'

export async function policyExplainCommand(args: string[], io: CliIO): Promise<number> {
  const flags = parseFlags(args, {
    policy: { type: 'string', multiple: true },
    agent: { type: 'string' },
    tool: { type: 'string' },
  }, io, USAGE)
  if (flags === undefined) return 2
  const { policy: paths, agent, tool } = flags.values
  if (paths === undefined || agent === undefined || tool === undefined || flags.positionals.length > 1) {
    io.stderr.write(`usage: ${USAGE}\n`)
    return 2
  }
  try {
    const policy = await loadPolicy(paths)
    // The same strict canonical core as the gate: the decision is on the value the gate would see.
    const { value } = canonicalBytes(await readInput(flags.positionals[0], io))
    const decision = evaluate(policy, { agent, tool, value: value as JsonValue })
    io.stdout.write(JSON.stringify(decision, null, 2) + '\n')
    return 0
  } catch (e) {
    if (!isVerbatimError(e)) throw e
    const faults = (e.detail?.faults ?? []) as PolicyFault[]
    if (faults.length > 0) for (const f of faults) io.stderr.write(formatFault(f) + '\n')
    else io.stderr.write(`${e.code}: ${e.message}\n`)
    return 1
  }
}
