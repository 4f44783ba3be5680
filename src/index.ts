/** @module verbatim-proxy: the library API, as explicit named re-exports. */

// errors
export { VerbatimError, isVerbatimError, ERRORS, ERROR_CODES, STATUS_BY_CODE, toProblem, PROBLEM_CONTENT_TYPE } from './errors/index.js'
export type { ErrorCode, Problem } from './errors/index.js'

// canonical
export { canonicalBytes, sha256, jsonType, DEFAULT_CANONICAL_OPTIONS, MAX_DEPTH_CEILING } from './canonical/index.js'
export type { Canonical, CanonicalOptions, JsonType, JsonValue } from './canonical/index.js'

// policy
export {
  PolicyFileSchema, compilePolicy, loadPolicy, evaluate, publicReason, PolicyStore, policyJsonSchema, runPolicyTests, canonicalArguments, lintPolicy, policyCoverage, couldAllow, loadPolicyParsers,
} from './policy/index.js'
export type {
  PolicyFile, CompiledPolicy, PolicySource, PolicyFault, Decision, Reason, PolicyRequest, ReloadResult, CaseResult, CanonicalArguments, WatchFolder,
} from './policy/index.js'

// binding
export {
  contentDigest, signBinding, newNonce, parseBinding, verifySignature, checkDigest, checkMethod, checkAlg, checkWindow, checkAudience, checkTarget,
  checkRestart, replayHoldSeconds, generateKeyPair, writeKeyFiles, loadSigningKey, signingKeyFromPem, jwks, thumbprint, publicJwkOf,
  checkReceipt, trustedJwksUrl, readKeySetFile, keyProblem, SIGNATURE_TAG, SIGNATURE_LABEL, SIGNATURE_ALG, COVERED_COMPONENTS, DECISION_HEADER, DEFAULT_SKEW_SECONDS, DEFAULT_TTL_SECONDS, DEFAULT_MAX_TTL_SECONDS,
  isProbeTarget, isProbeRecord,
} from './binding/index.js'
export type { SigningKey, BindingDecision, SignedBinding, SignBindingInput, BindingRequest, ParsedBinding, SignatureParams, WindowOptions, ExpectedReceipt } from './binding/index.js'

// audit
export { openAuditWriter, verifyLog, verifyPath, readRecords, AUDIT_RECORD_TYPES, merkleRoot, MerkleFrontier } from './audit/index.js'
export type { AuditRecordType, AuditRecord, AuditSigner, AuditWriter, AuditWriterOptions, AuditTimers, TimerTask, AuditFault, AuditFaultKind, VerifyOptions, VerifyReport } from './audit/index.js'

// auditor
export { reconcile, RECONCILE_CLASSES } from './auditor/index.js'
export type { ReconcileClass, ReconcileItem, ReconcileResult } from './auditor/index.js'

// guard
export {
  verifyBinding, MemoryReplayStore, RedisReplayStore, jwksKeyResolver, guard, guardNodeHandler, guardClientError, createGuardCore, signReceipt, verifyReceipt,
  RECEIPT_HEADER, RECEIPT_TYP, startGuard, GuardConfigSchema, parseGuardConfig, loadGuardConfig, seedReplayFromLog, openExecutedLog,
} from './guard/index.js'
export type {
  VerifiedBinding, KeyResolver, ReplayStore, GuardRequest, VerifyBindingOptions, GuardOptions, GuardEnv, ExecutionLog, ReceiptClaims, ReceiptSigner,
  JwksKeyResolverOptions, MemoryReplayStoreOptions, RedisReplayStoreOptions, GuardedNodeHandler, RejectedBindingDetail, GuardConfig, GuardHandle,
} from './guard/index.js'

// gate
export { createGateApp, startGate, createForwarder, createLimiter, compileRoutes, createProber, probeUpstream, PROBE_TOOL } from './gate/index.js'
export type { GateDeps, AuditSink, UpstreamRuntime, GuardState, GateHandle, StartGateOptions, Forwarder, ForwardRequest, ForwardResponse, Prober, ProbeResult, SetTimer } from './gate/index.js'

// config
export { ConfigSchema, loadConfig, parseConfig, configJsonSchema, canonicalOptionsOf } from './config/index.js'
export type { Config, ConfigInput, LoadedConfig } from './config/index.js'

// http: the connection discipline and byte budget the gate and the standalone guard use; use them around guardNodeHandler too
export { disciplineConnections, createByteBudget, closeServer, listen } from './http/index.js'
export type { ConnectionRules, ConnectionStats, ByteBudget } from './http/index.js'

// approval: a person's approval, bound to the bytes that run (docs/approvals.md)
export {
  challengeOf, subjectOf, subjectBytes, verifyAssertion, assertionDigest, verifyApprovalRecord, parseEvidence, serializeEvidence, checkApproval, approvedBytes, approvalDigest,
  TrustFileSchema, signNotice, verifyNotice, NOTICE_TAG, APPROVAL_HEADER,
} from './approval/index.js'
export type { ApprovalSubject, ApprovalTarget, Assertion, AssertionCheck, RelyingParty, Evidence, TrustFile, GuardRequirement, NoticeBody } from './approval/index.js'
