export const FAULT_ADVICE = {
    'malformed': 'a line is not an audit record: compare the file with a copy kept elsewhere (backup, log shipper) and treat the log as tampered until explained',
    'modified': 'a record was edited after it was written: take the copy shipped off the host and compare the named line; the edited record cannot be trusted',
    'deleted': 'records are missing: restore the named seq range from the archive or the log shipper, then verify again',
    'reordered': 'records are out of order: restore the segment from the archive; the log was edited by hand or a tool',
    'duplicated': 'a record appears twice: restore the segment from the archive; the log was edited by hand or a tool',
    'chain-break': 'a record was replaced or two logs spliced: restore the segment from the archive and verify it with --checkpoints from off the host',
    'truncated': 'the tail is missing or unfinished: if the writer still runs, pass --live; otherwise verify with --checkpoints from off the host to prove how much was cut',
    'bad-signature': 'a checkpoint was re-signed: verify with --key/--jwks (the keys kept off the host) and --checkpoints; treat the log as rewritten until explained',
    'untrusted-key': 'the log is signed by a key you do not trust: someone may have rewritten and re-signed it; compare with --checkpoints from off the host',
    'root-mismatch': 'history was rewritten under a checkpoint: restore the log from the archive and compare with --checkpoints from off the host',
    'recovery-cut': 'the writer cut well-formed records on restart: inspect the saved .torn file it names and compare with off-host checkpoints',
};
export const CLASS_ADVICE = {
    'approved-not-executed': 'the call was approved but never ran: check the gate\'s forward record for it (upstream status, receipt fault) and the guard\'s refusals',
    'unknown-key': 'the guard accepted a binding no trusted gate key made: rotate the gate keys, check the guard\'s key set (jwksFile/jwksUrl) and who can write it',
    'executed-without-approval': 'something ran that the gate never approved: check the guard\'s key set and every executed log replica, then verify both logs with --key/--jwks',
    'executed-after-deny': 'a denied call ran: the guard accepted a binding for a denied decision; verify both logs with --key/--jwks and check who holds the gate key',
    'digest-mismatch': 'other bytes ran than were approved: a guard that does not verify Content-Digest, or an edited log; verify both logs and test the guard with its probes',
    'tool-mismatch': 'a different tool ran than was approved: check the guard\'s target check (ERR_GUARD_TARGET_MISMATCH) and verify both logs with --key/--jwks',
    'agent-mismatch': 'the call ran for a different agent than was approved: verify both logs with --key/--jwks; a log was edited or a binding forged',
    'audience-mismatch': 'the call ran on an executor it was not approved for: check each guard\'s audience setting and verify both logs',
    'method-mismatch': 'the call ran with a different HTTP method than was approved: verify both logs and check what sits between the gate and the guard',
    'target-mismatch': 'the call ran at a different path than was approved: check the upstream URL and any proxy between the gate and the guard',
    'policy-digest-mismatch': 'the execution names a different policy than the decision: verify both logs with --key/--jwks; a log was edited or a binding forged',
    'keyid-mismatch': 'the execution names a different gate key than the decision: verify both logs with --key/--jwks; a log was edited or a binding forged',
    'nonce-mismatch': 'the execution carries a different binding than the decision issued: verify both logs with --key/--jwks; a binding was forged or a log edited',
    'replayed': 'one approval ran more than once: check the guard\'s replay store (Redis, or the restart rule) and whether replicas share it',
    'executed-after-expiry': 'the call ran after its binding expired: check the guard\'s clock and skew settings, or raise --grace if the clocks are known to differ',
};
/** `next: …` lines for the faults and classes found, each once, in table order. */
export function nextSteps(faults, classes = []) {
    const kinds = new Set(faults);
    const cls = new Set(classes);
    const out = [];
    for (const k of Object.keys(FAULT_ADVICE))
        if (kinds.has(k))
            out.push(`next (${k}): ${FAULT_ADVICE[k]}`);
    for (const c of Object.keys(CLASS_ADVICE))
        if (cls.has(c))
            out.push(`next (${c}): ${CLASS_ADVICE[c]}`);
    return out;
}
//# sourceMappingURL=advice.js.map