/** @module bench/upstream: an upstream that reads the body and answers a fixed 16-byte JSON. */
import { createServer } from 'node:http';
const server = createServer((req, res) => {
    req.on('data', () => undefined);
    req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '11' });
        res.end('{"ok":true}');
    });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.send?.({ port: server.address().port }));
process.on('SIGTERM', () => process.exit(0));
//# sourceMappingURL=upstream.js.map