import { VerbatimError } from '../errors/index.js';
/** Listens on host:port (0 picks a free port). A bind failure is ERR_CONFIG_INVALID with the reason. */
export async function listen(server, port, host) {
    await new Promise((resolve, reject) => {
        server.once('error', (err) => reject(new VerbatimError('ERR_CONFIG_INVALID', `cannot listen on ${host}:${port}: ${err.code ?? err.message}`, { cause: err })));
        server.listen(port, host, () => resolve());
    });
    const bound = server.address().port;
    return { port: bound, url: `http://${host.includes(':') ? `[${host}]` : host}:${bound}` };
}
/**
 * Stops accepting and resolves when the server has closed. Requests in flight get `graceMs` to
 * finish (their answers and audit records complete); then every connection is cut.
 */
export function closeServer(server, graceMs = 0) {
    return new Promise((resolve) => {
        const cut = setTimeout(() => server.closeAllConnections(), graceMs);
        // A connection whose last call ends while we wait goes idle: close it then, not at its keep-alive timeout.
        const sweep = setInterval(() => server.closeIdleConnections(), 50);
        server.close(() => {
            clearTimeout(cut);
            clearInterval(sweep);
            resolve();
        });
        server.closeIdleConnections();
    });
}
//# sourceMappingURL=listen.js.map