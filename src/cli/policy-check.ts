/** @module cli/policy-check: `policy check` and `policy test`: faults as file:line:col, cases as pass/FAIL lines. */
import { usageText } from './command.js'
import type { CliIO } from './io.js'
import type { CompiledPolicy, PolicyFault } from '../policy/index.js'
import { formatFault } from '../config/index.js'
import { compilePolicy, readPolicySources, runPolicyTests } from '../policy/index.js'
import { isVerbatimError } from '../errors/index.js'

const DEFAULT_PATHS = ['policies']

export const CHECK_USAGE = usageText('verbatim policy check', '[PATH...]',
  'Validates policy files or folders (default: policies/). Prints the rule count and the policy digest',
  '(exit 0), or each fault as file:line:col: message (exit 1).',
)

export const TEST_USAGE = usageText('verbatim policy test', '[PATH...]',
  'Runs the tests: cases of every file (default: policies/) against the whole set, as the gate would',
  'decide, and prints one pass/FAIL line per case, then "N passed, N failed". A case gives args (a JSON',
  'value) or raw (the exact body bytes) and expects allow, deny or reject (with its code); docs/policy.md.',
  'Exit 0 when every case passes, 1 otherwise.',
)

/** Loads the policy, or prints its faults and returns them. */
async function load(paths: string[], io: CliIO): Promise<{ policy: CompiledPolicy; files: number } | { faults: PolicyFault[] }> {
  try {
    const sources = await readPolicySources(paths)
    return { policy: compilePolicy(sources), files: sources.length }
  } catch (e) {
    if (!isVerbatimError(e) || e.code !== 'ERR_POLICY_INVALID') throw e
    const faults = (e.detail?.faults ?? []) as PolicyFault[]
    for (const f of faults) io.stdout.write(formatFault(f) + '\n')
    return { faults }
  }
}

export async function policyCheckCommand(args: string[], io: CliIO): Promise<number> {
  const paths = args.length > 0 ? args : DEFAULT_PATHS
  const r = await load(paths, io)
  if ('faults' in r) {
    io.stdout.write(`${r.faults.length} ${r.faults.length === 1 ? 'fault' : 'faults'}\n`)
    return 1
  }
  io.stdout.write(`ok: ${r.policy.ruleCount} rules in ${r.files} files\ndigest: ${r.policy.digest}\n`)
  return 0
}

export async function policyTestCommand(args: string[], io: CliIO): Promise<number> {
  const paths = args.length > 0 ? args : DEFAULT_PATHS
  const r = await load(paths, io)
  if ('faults' in r) {
    // The policy does not load: no case can run, and each fault counts as a failure.
    io.stdout.write(`0 passed, ${r.faults.length} failed\n`)
    return 1
  }
  let passed = 0
  let failed = 0
  for (const c of runPolicyTests(r.policy)) {
    if (c.passed) passed++
    else failed++
    io.stdout.write(`${c.passed ? 'pass' : 'FAIL'} ${c.file}#${c.index + 1} ${c.name}: ${c.detail}\n`)
  }
  io.stdout.write(`${passed} passed, ${failed} failed\n`)
  return failed === 0 ? 0 : 1
}
