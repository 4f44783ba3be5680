/** @module canonical: strict parse and RFC 8785 canonical bytes, the one meaning of a request. */
export { canonicalBytes, strictValue, sha256, jsonType } from './canonical.js'
export { foldKey } from './fold.js'
export { DEFAULT_CANONICAL_OPTIONS, MAX_DEPTH_CEILING } from './options.js'
export type { Canonical, CanonicalOptions, JsonType, JsonValue } from './types.js'
