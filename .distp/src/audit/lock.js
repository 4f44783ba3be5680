/** @module audit/lock: one writer per log: a pid lock file beside the segments. */
import { open, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { VerbatimError } from '../errors/index.js';
function alive(pid) {
    try {
        process.kill(pid, 0);
        return true;
    }
    catch (e) {
        return e.code === 'EPERM';
    }
}
/**
 * Takes `<dir>/<process>.lock`. Two writers on one log would each chain from the same tail, and
 * the next recovery would cut the other's acknowledged records; so a live holder refuses the open.
 * A lock left by a dead process (kill -9) or by this pid in an earlier life (a container's pid 1)
 * is taken over. One process opens one writer per log; that is the caller's contract.
 * Returns the release function.
 */
export async function lockLog(dir, processName) {
    const path = join(dir, `${processName}.lock`);
    for (let attempt = 0; attempt < 2; attempt++) {
        try {
            const fh = await open(path, 'wx', 0o640);
            await fh.writeFile(`${process.pid}\n`);
            await fh.sync();
            await fh.close();
            return async () => {
                await unlink(path).catch(() => undefined);
            };
        }
        catch (e) {
            if (e.code !== 'EEXIST')
                throw e;
            const pid = Number((await readFile(path, 'utf8').catch(() => '')).trim());
            if (Number.isSafeInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) {
                throw new VerbatimError('ERR_AUDIT_UNAVAILABLE', `audit log in ${dir} is in use by process ${pid} (${path}); one writer per log`);
            }
            await unlink(path).catch(() => undefined);
        }
    }
    throw new VerbatimError('ERR_AUDIT_UNAVAILABLE', `could not take the audit lock ${path}`);
}
//# sourceMappingURL=lock.js.map