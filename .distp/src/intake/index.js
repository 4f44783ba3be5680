/** @module intake: authentication, framing, content type and the tool path: everything before parsing. */
export { toolFromTarget, TOOL_NAME } from './tool-path.js';
export { createAuthenticator } from './auth.js';
export { checkContentHeaders, isJsonContentType } from './content.js';
export { readBody, readRequestBody, nodeBodySource, webBodySource, closesConnection } from './body.js';
//# sourceMappingURL=index.js.map