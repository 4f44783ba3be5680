/** The bound fields an execution must share with its decision, each with the class its difference gets. */
export const BOUND_FIELDS = [
    ['tool', 'tool-mismatch'],
    ['agent', 'agent-mismatch'],
    ['audience', 'audience-mismatch'],
    ['method', 'method-mismatch'],
    ['target', 'target-mismatch'],
    ['policyDigest', 'policy-digest-mismatch'],
    ['keyid', 'keyid-mismatch'],
    ['nonce', 'nonce-mismatch'],
];
/** `ok` first, then every violation, in the order a pair is tried. */
export const RECONCILE_CLASSES = [
    'ok',
    'approved-not-executed',
    'unknown-key',
    'executed-without-approval',
    'executed-after-deny',
    'digest-mismatch',
    ...BOUND_FIELDS.map(([, c]) => c),
    'replayed',
    'executed-after-expiry',
];
//# sourceMappingURL=reconcile-types.js.map