export interface AuditFile {
    /** Writes all bytes (looping over short writes); rejects on any error. */
    write(data: Uint8Array): Promise<void>;
    datasync(): Promise<void>;
    close(): Promise<void>;
}
export interface AuditFs {
    /** Opens (creating) a file for O_APPEND writes. */
    openAppend(path: string): Promise<AuditFile>;
    /** fsyncs a directory so a newly created file's entry is durable. */
    syncDir(dir: string): Promise<void>;
}
export declare const nodeAuditFs: AuditFs;
