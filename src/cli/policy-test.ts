/** @module cli/policy-test: `policy test`: one pass/FAIL line per case, and with --coverage what the cases exercised. */
import type { CompiledPolicy, CoverageItem, PolicyCoverage, PolicyFault, PolicySource } from '../policy/index.js'
import { compilePolicy, loadPolicyParsers, policyCoverage, readPolicySources, runPolicyTests } from '../policy/index.js'
import { formatFault } from '../config/index.js'
import { isVerbatimError } from '../errors/index.js'
import { parseFlags } from './args.js'
import { usageText } from './command.js'
import type { CliIO } from './io.js'
import { DEFAULT_PATHS } from './policy-check.js'

export const TEST_USAGE = usageText('verbatim policy test', '[--coverage] [--min-coverage N] [PATH...]',
  'Runs the tests: cases of every file (default: policies/) against the whole set, as the gate would',
  'decide, and prints one pass/FAIL line per case, then "N passed, N failed". A case gives args (a JSON',
  'value) or raw (the exact body bytes) and expects allow, deny or reject (with its code); docs/policy.md.',
  '',
  'options:',
  '  --coverage         then list the rules and conditions the cases exercised and those they did not:',
  '                     a rule is exercised when a case matched it, a condition when a case made it',
  '                     hold and another made it fail; the last line is "coverage: P% (N of M)"',
  '  --min-coverage N   --coverage, and exit 1 when fewer than N percent are exercised',
  '',
  'exit status: 0 every case passes (and coverage is at least N); 1 otherwise; 2 usage error',
)

function line(i: CoverageItem): string {
  const counts = i.kind === 'rule'
    ? (i.held > 0 ? `matched ${i.held}, not matched ${i.failed}` : i.failed > 0 ? `reached ${i.failed}, never matched` : 'never reached')
    : i.held + i.failed === 0 ? 'never evaluated' : `held ${i.held}, failed ${i.failed}${i.held === 0 ? ' (never held)' : i.failed === 0 ? ' (never failed)' : ''}`
  return `  ${formatFault({ file: i.file, line: i.line, col: i.col, message: `${i.label}: ${counts}` })}\n`
}

function printCoverage(c: PolicyCoverage, io: CliIO): void {
  const done = c.items.filter((i) => i.exercised)
  const missed = c.items.filter((i) => !i.exercised)
  io.stdout.write(`exercised (${done.length}):\n`)
  for (const i of done) io.stdout.write(line(i))
  io.stdout.write(`never exercised (${missed.length}):\n`)
  for (const i of missed) io.stdout.write(line(i))
  const rules = c.items.filter((i) => i.kind === 'rule')
  const conds = c.items.filter((i) => i.kind === 'condition')
  io.stdout.write(`coverage: ${c.percent.toFixed(1)}% (${c.exercised} of ${c.total}: ${rules.filter((i) => i.exercised).length} of ${rules.length} rules, ${conds.filter((i) => i.exercised).length} of ${conds.length} conditions)\n`)
}

/**
 * Reads and compiles for a test run: a fault in a `tests:` section does not stop the others (it is
 * a failed case at its place); a fault anywhere else leaves no policy to test.
 */
async function loadForTests(paths: string[]): Promise<{ policy?: CompiledPolicy; faults: PolicyFault[] }> {
  let sources: PolicySource[]
  try {
    sources = await readPolicySources(paths)
    await loadPolicyParsers()
    return { policy: compilePolicy(sources, { lenientTests: true }), faults: [] }
  } catch (e) {
    if (!isVerbatimError(e) || e.code !== 'ERR_POLICY_INVALID') throw e
    return { faults: (e.detail?.faults ?? []) as PolicyFault[] }
  }
}

export async function policyTestCommand(args: string[], io: CliIO): Promise<number> {
  const flags = parseFlags(args, { coverage: { type: 'boolean' }, 'min-coverage': { type: 'string' } }, io, TEST_USAGE)
  if (flags === undefined) return 2
  const minText = flags.values['min-coverage']
  const min = minText === undefined ? undefined : Number(minText)
  if (min !== undefined && (minText?.trim() === '' || !Number.isFinite(min) || min < 0 || min > 100)) {
    io.stderr.write(`verbatim policy test: --min-coverage takes a percentage from 0 to 100, not '${minText}'\n${TEST_USAGE}`)
    return 2
  }
  const loaded = await loadForTests(flags.positionals.length > 0 ? flags.positionals : DEFAULT_PATHS)
  if (loaded.policy === undefined) {
    // The policy does not load: no case can run, and each fault counts as a failure.
    for (const f of loaded.faults) io.stdout.write(formatFault(f) + '\n')
    io.stdout.write(`0 passed, ${loaded.faults.length} failed\n`)
    return 1
  }
  let passed = 0
  let failed = 0
  for (const f of loaded.policy.testFaults) {
    failed++
    io.stdout.write(`FAIL ${formatFault(f)}\n`)
  }
  for (const c of runPolicyTests(loaded.policy)) {
    if (c.passed) passed++
    else failed++
    io.stdout.write(`${c.passed ? 'pass' : 'FAIL'} ${c.file}#${c.index + 1} ${c.name}: ${c.detail}\n`)
  }
  io.stdout.write(`${passed} passed, ${failed} failed\n`)
  if (!flags.values.coverage && min === undefined) return failed === 0 ? 0 : 1
  const coverage = policyCoverage(loaded.policy)
  printCoverage(coverage, io)
  // Compared at the printed precision, so that "80.0%" never fails --min-coverage 80.
  const below = min !== undefined && Number(coverage.percent.toFixed(1)) < min
  if (below) io.stdout.write(`coverage ${coverage.percent.toFixed(1)}% is below --min-coverage ${min}\n`)
  return failed === 0 && !below ? 0 : 1
}
