/**
 * Node parses pipelined requests as their bytes arrive and runs their handlers side by side, even
 * behind an answer that closes the connection. RFC 9112 §9.3 lets a server process pipelined
 * requests in order, and §9.6 says that after `close` it must not process any further request on
 * that connection. So each connection gets a queue: the next request starts only when the previous
 * answer has finished, and nothing is started once an answer closed the connection. RFC 9112 §6.1:
 * an HTTP/1.0 message with Transfer-Encoding has faulty framing; it is answered and the connection closed.
 */
export function disciplineConnections(server, handler, rules) {
    const states = new WeakMap();
    const maxPipelined = rules.maxPipelined ?? 32;
    let open = 0;
    let shed = 0;
    server.on('connection', (socket) => {
        if (open >= rules.maxConnections) {
            shed++;
            rules.onShed?.('connections');
            states.set(socket, { busy: true, closing: true, queue: [] });
            socket.on('error', () => undefined);
            socket.end(rules.overloaded());
            return;
        }
        open++;
        states.set(socket, { busy: false, closing: false, queue: [] });
        socket.once('close', () => {
            open--;
            const st = states.get(socket);
            if (st !== undefined) {
                st.closing = true;
                st.queue.length = 0;
            }
        });
    });
    const run = (st, req, res) => {
        st.busy = true;
        let done = false;
        const next = () => {
            if (done)
                return;
            done = true;
            // node marks an answer that closes the connection; after it, nothing more is processed.
            if (res._last === true || !res.shouldKeepAlive || res.destroyed)
                st.closing = true;
            st.busy = false;
            if (st.closing) {
                st.queue.length = 0;
                return;
            }
            const queued = st.queue.shift();
            if (queued !== undefined)
                run(st, queued[0], queued[1]);
        };
        res.once('finish', next);
        res.once('close', next);
        const v = req.httpVersion;
        if (v === '1.0' && req.headers['transfer-encoding'] !== undefined) {
            rules.faultyFraming(req, res, 'an HTTP/1.0 request with Transfer-Encoding has faulty framing (RFC 9112 §6.1)');
            return;
        }
        handler(req, res);
    };
    server.on('request', (req, res) => {
        const st = states.get(req.socket);
        if (st === undefined) {
            handler(req, res);
            return;
        }
        if (st.closing)
            return; // arrived behind a closing answer: never authenticated, evaluated or run
        if (st.busy) {
            if (st.queue.length >= maxPipelined) {
                shed++;
                rules.onShed?.('pipeline');
                st.closing = true;
                st.queue.length = 0;
                req.socket.destroy();
                return;
            }
            st.queue.push([req, res]);
            return;
        }
        run(st, req, res);
    });
    return {
        get open() {
            return open;
        },
        get shed() {
            return shed;
        },
    };
}
//# sourceMappingURL=connections.js.map