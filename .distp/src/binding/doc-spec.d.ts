/** @module binding/doc-spec: the normative prose of docs/binding.md (headers, base, verification, nonces, keys). */
import type { BindingVectors } from './vectors.js';
/** Sections 1-4: what is sent, each header, the covered components and the signature base. */
export declare function specRequest(v: BindingVectors): string[];
/** Sections 6-9: verification order, the window, nonces, keys and rotation. */
export declare function specVerify(): string[];
