/** @module config/canonical-options: the strict-parse profile a config asks for, in one place for the gate and the CLI. */
import type { CanonicalOptions } from '../canonical/index.js';
import type { Config } from './schema.js';
/** limits.maxBodyBytes, limits.maxDepth and the canonical switches, as the canonical core takes them. */
export declare function canonicalOptionsOf(config: Pick<Config, 'limits' | 'canonical'>): Required<CanonicalOptions>;
