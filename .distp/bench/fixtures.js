/** @module bench/fixtures: a fast upstream and a gate started in child processes, loopback only. */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
/** Forks `dist/bench/<script>.js` and waits for its port over IPC. BENCH_PROF=DIR writes CPU profiles there. */
export function forkChild(script, args) {
    const child = fork(fileURLToPath(new URL(`./${script}.js`, import.meta.url)), args, { execArgv: process.env['BENCH_PROF'] ? ['--cpu-prof', `--cpu-prof-dir=${process.env['BENCH_PROF']}`] : [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    return new Promise((resolve, reject) => {
        child.once('error', reject);
        child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
        child.once('message', (m) => resolve({
            port: m.port,
            child,
            stop: () => new Promise((r) => {
                child.removeAllListeners('exit');
                child.once('exit', () => r());
                child.kill('SIGTERM');
            }),
        }));
    });
}
//# sourceMappingURL=fixtures.js.map