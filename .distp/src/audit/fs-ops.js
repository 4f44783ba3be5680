/** @module audit/fs-ops: the few file operations the writer needs, injectable for fault tests. */
import { open } from 'node:fs/promises';
export const nodeAuditFs = {
    async openAppend(path) {
        const fh = await open(path, 'a', 0o640);
        return {
            async write(data) {
                let off = 0;
                while (off < data.length) {
                    const { bytesWritten } = await fh.write(data, off, data.length - off);
                    if (bytesWritten <= 0)
                        throw Object.assign(new Error('audit: write made no progress'), { code: 'EIO' });
                    off += bytesWritten;
                }
            },
            datasync: () => fh.datasync(),
            close: () => fh.close(),
        };
    },
    async syncDir(dir) {
        const fh = await open(dir, 'r');
        try {
            await fh.sync();
        }
        finally {
            await fh.close();
        }
    },
};
//# sourceMappingURL=fs-ops.js.map