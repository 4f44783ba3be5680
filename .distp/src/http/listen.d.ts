/** @module http/listen: bind a node:http server and name its URL; shared by the gate and the guard. */
import type { Server } from 'node:http';
export interface Listening {
    port: number;
    url: string;
}
/** Listens on host:port (0 picks a free port). A bind failure is ERR_CONFIG_INVALID with the reason. */
export declare function listen(server: Server, port: number, host: string): Promise<Listening>;
/**
 * Stops accepting and resolves when the server has closed. Requests in flight get `graceMs` to
 * finish (their answers and audit records complete); then every connection is cut.
 */
export declare function closeServer(server: Server, graceMs?: number): Promise<void>;
