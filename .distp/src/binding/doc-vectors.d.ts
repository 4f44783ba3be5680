import type { BindingVectors } from './vectors.js';
/** Section 10: keys, fixed inputs, the expected headers, the file format and every vector. */
export declare function vectorsSection(v: BindingVectors): string[];
