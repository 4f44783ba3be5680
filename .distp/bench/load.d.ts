export interface LoadResult {
    requests: number;
    errors: number;
    seconds: number;
    rps: number;
    p50ms: number;
    p99ms: number;
}
/** POSTs `body` to `url` from `concurrency` loops for `seconds`; loopback only. */
export declare function load(url: string, body: Uint8Array, headers: Record<string, string>, concurrency: number, seconds: number): Promise<LoadResult>;
