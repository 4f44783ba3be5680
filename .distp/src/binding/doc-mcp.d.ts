import type { BindingVectors } from './vectors.js';
/** Section 13: the MCP profile. */
export declare function specMcp(v: BindingVectors): string[];
