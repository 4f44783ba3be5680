/** @module intake: authentication, framing, content type and the tool path: everything before parsing. */
export { toolFromTarget, TOOL_NAME } from './tool-path.js'
export { createAuthenticator, namesAgent, tokenFaults, MIN_TOKEN_LENGTH } from './auth.js'
export type { AgentCredential, Authenticator, TokenFault, UnauthenticatedReason } from './auth.js'
export { checkContentHeaders, isJsonContentType } from './content.js'
export { readBody, readRequestBody, nodeBodySource, webBodySource, closesConnection } from './body.js'
export type { BodyBudget, BodyLimits, BodySource } from './body.js'
