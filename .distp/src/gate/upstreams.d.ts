import type { Config } from '../config/index.js';
import type { UpstreamRuntime } from './deps.js';
/**
 * Builds the runtime of every upstream, 'unknown' until probed, and warns loudly about each one
 * whose bindings nobody verifies or whose answers the gate cannot verify.
 */
export declare function upstreamRuntimes(config: Pick<Config, 'upstreams'>, log: (line: string) => void, now?: () => number): Promise<Map<string, UpstreamRuntime>>;
