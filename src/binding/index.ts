/** @module binding: the gate→guard protocol (RFC 9421 signature over an RFC 9530 digest), its keys and receipts. Its specification and test vectors are generated in src/spec. */
export { contentDigest, parseContentDigest, sha256, DIGEST_ALG } from './digest.js'
export { serializeDecision, parseDecision, DECISION_HEADER, POLICY_DIGEST_BYTES } from './decision-header.js'
export type { BindingDecision, BoundApproval, BoundApprover } from './decision-header.js'
export {
  SIGNATURE_LABEL, SIGNATURE_TAG, SIGNATURE_ALG, COVERED_COMPONENTS, SIGNATURE_PARAMS, queryComponent, signatureBase,
} from './signature-base.js'
export type { SignatureParams, ComponentValues } from './signature-base.js'
export { signBinding, newNonce, NONCE_PATTERN } from './sign.js'
export type { SigningKey, SignBindingInput, SignedBinding } from './sign.js'
export { parseBinding } from './parse.js'
export type { BindingRequest, ParsedBinding } from './parse.js'
export {
  checkMethod, checkAlg, checkWindow, checkRestart, replayHoldSeconds, verifySignature, checkDigest, checkAudience, checkTarget, checkMcpTarget,
  DEFAULT_SKEW_SECONDS, DEFAULT_TTL_SECONDS, DEFAULT_MAX_TTL_SECONDS,
} from './verify.js'
export type { WindowOptions } from './verify.js'
export { generateKeyPair, writeKeyFiles, loadSigningKey, signingKeyFromPem, signingKeyFromPrivate } from './keys.js'
export { jwks, thumbprint, thumbprintSync, publicJwkOf, JWK_ALG } from './jwks.js'
export { jwksKeyResolver, trustedJwksUrl } from './key-set.js'
export { readKeySetFile } from './key-set-file.js'
export { keyProblem, usableKeys, isTrustedKey } from './key-rules.js'
export type { JwksKeyResolverOptions, KeyResolver, RefreshableKeyResolver } from './key-set.js'
export { signReceipt, verifyReceipt, checkReceipt, RECEIPT_HEADER, RECEIPT_TYP } from './receipt.js'
export type { ReceiptClaims, ReceiptSigner, ExpectedReceipt } from './receipt.js'
export { PROBE_TOOL, PROBE_AGENT, PROBE_DECISION_PREFIX, isProbeTarget, isProbeRecord } from './probe.js'
