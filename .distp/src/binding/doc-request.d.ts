/** @module binding/doc-request: sections 1-5 of docs/binding.md: the request, its headers, the covered components, the base. */
import type { BindingVectors } from './vectors.js';
/** Sections 1-5: what is sent, each header, the covered components and the signature base. */
export declare function specRequest(v: BindingVectors): string[];
