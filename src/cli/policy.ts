/** @module cli/policy: `verbatim policy check|test|explain|schema`, the policy author's tools. */
import type { CliIO } from './io.js'
import { renderPolicySchema } from '../policy/index.js'
import { policyCheckCommand, policyTestCommand } from './policy-check.js'
import { policyExplainCommand } from './policy-explain.js'

const USAGE = [
  'usage: verbatim policy check [PATH...]     validate, print the digest or each fault as file:line:col',
  '       verbatim policy test [PATH...]      run every file\'s tests:, then print "N passed, N failed"',
  '       verbatim policy explain --policy PATH --agent ID --tool NAME [ARGS_FILE|-]   print the decision JSON',
  '       verbatim policy schema              print the JSON Schema of policy files',
  '',
].join('\n')

export async function policyCommand(args: string[], io: CliIO): Promise<number> {
  const [sub, ...rest] = args
  switch (sub) {
    case 'check': return policyCheckCommand(rest, io)
    case 'test': return policyTestCommand(rest, io)
    case 'explain': return policyExplainCommand(rest, io)
    case 'schema':
      io.stdout.write(renderPolicySchema())
      return 0
    case '--help':
    case '-h':
      io.stdout.write(USAGE)
      return 0
    default:
      io.stderr.write(sub === undefined ? USAGE : `verbatim policy: unknown subcommand '${sub}'\n${USAGE}`)
      return 2
  }
}
