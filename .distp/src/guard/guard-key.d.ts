import type { SigningKey } from '../binding/index.js';
/**
 * The guard key: `keyFile` if given; else the one `*.key.pem` in `keyDir`, generated there on first
 * use (`verbatim keys generate` layout); else an ephemeral key (receipts then verify only for this run).
 */
export declare function loadGuardKey(options: {
    keyFile?: string;
    keyDir?: string;
}): Promise<SigningKey>;
