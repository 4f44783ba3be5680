/** @module binding/vectors-early: refused request vectors of the body pre-check and steps 0-2 (docs/binding.md §6). */
import type { Kit, RequestVector } from './vector-kit.js';
/** Refusals before the signature is checked: the body pre-check, content type, selection, spelling and shape. */
export declare function earlyVectors(k: Kit): RequestVector[];
