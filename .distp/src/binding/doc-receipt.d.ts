import type { BindingVectors } from './vectors.js';
/** Section 12: the Verbatim-Receipt header, its payload, and the gate's checks in order. */
export declare function specReceipts(v: BindingVectors): string[];
