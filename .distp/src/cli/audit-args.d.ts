import type { AuditFilter, AuditPublicKey, AuditRecord } from '../audit/index.js';
/** `60s`, `5m`, `1h`, `2d`, `250ms` or a bare number of seconds, to milliseconds. */
export declare function parseDuration(s: string): number;
/** An ISO date, epoch milliseconds, or a duration before `now` (`1h`: an hour ago). */
export declare function parseInstant(s: string, now?: number): number;
/** Ed25519 public keys from a JWK or a JWK Set file: the off-host trust anchors. */
export declare function loadTrustedKeys(path: string, needSet?: boolean): Promise<AuditPublicKey[]>;
/** The trust anchors of `--key FILE` and `--jwks FILE` (both repeatable), or undefined when none was given. */
export declare function loadAnchors(v: {
    key?: string[] | undefined;
    jwks?: string[] | undefined;
}): Promise<AuditPublicKey[] | undefined>;
export declare const TRUST_OPTIONS: {
    readonly key: {
        readonly type: "string";
        readonly multiple: true;
    };
    readonly jwks: {
        readonly type: "string";
        readonly multiple: true;
    };
};
export declare const TRUST_HELP: string[];
/** Checkpoint records from a file of shipped lines (other record types are ignored). */
export declare function loadCheckpoints(path: string): Promise<AuditRecord[]>;
export declare const FILTER_OPTIONS: {
    readonly agent: {
        readonly type: "string";
        readonly multiple: true;
    };
    readonly tool: {
        readonly type: "string";
        readonly multiple: true;
    };
    readonly since: {
        readonly type: "string";
    };
    readonly until: {
        readonly type: "string";
    };
    readonly verdict: {
        readonly type: "string";
        readonly multiple: true;
    };
    readonly code: {
        readonly type: "string";
        readonly multiple: true;
    };
    readonly decision: {
        readonly type: "string";
        readonly multiple: true;
    };
    readonly now: {
        readonly type: "string";
    };
};
export declare const FILTER_SYNOPSIS = "[--agent ID] [--tool NAME] [--since T] [--until T] [--verdict V] [--code CODE] [--decision ID] [--now T]";
export declare const FILTER_HELP: string[];
/** The instant of --now, or the clock's. */
export declare function nowOf(v: Readonly<Record<string, unknown>>, clock?: () => number): number;
/** The filter the flags describe; relative times count back from `now`. */
export declare function parseFilter(v: Readonly<Record<string, string | string[] | boolean | undefined>>, now: number): AuditFilter;
export declare function pad(s: string, n: number): string;
