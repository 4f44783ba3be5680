/** @module guard/guard-key: the guard's own Ed25519 key, which signs receipts and the executed log's checkpoints. */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { generateKeyPair, loadSigningKey, writeKeyFiles } from '../binding/index.js';
/**
 * The guard key: `keyFile` if given; else the one `*.key.pem` in `keyDir`, generated there on first
 * use (`verbatim keys generate` layout); else an ephemeral key (receipts then verify only for this run).
 */
export async function loadGuardKey(options) {
    if (options.keyFile !== undefined)
        return loadSigningKey(options.keyFile);
    if (options.keyDir !== undefined) {
        let names = [];
        try {
            names = (await readdir(options.keyDir)).filter((n) => n.endsWith('.key.pem')).sort();
        }
        catch {
            names = [];
        }
        const first = names[0];
        if (first !== undefined)
            return loadSigningKey(join(options.keyDir, first));
        const key = await generateKeyPair();
        await writeKeyFiles(options.keyDir, key);
        return key;
    }
    return generateKeyPair();
}
//# sourceMappingURL=guard-key.js.map