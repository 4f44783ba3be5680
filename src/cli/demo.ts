/** @module cli/demo: `npm start`: the gate, a guarded example executor, and copy-paste curl commands. */
import { randomBytes } from 'node:crypto'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { generateKeyPair, writeKeyFiles } from '../binding/index.js'
import { ConfigSchema } from '../config/index.js'
import { startGate } from '../gate/index.js'
import { parseFlags } from './args.js'
import { reportFailure } from './faults.js'
import type { CommandSpec } from './command.js'
import { usageText } from './command.js'
import type { CliIO } from './io.js'
import { waitForSignal } from './serve.js'

const USAGE = usageText('verbatim demo', '[--port 8080] [--executor-port 8081]',
  'What npm start runs: the gate with the example policies and a guarded example executor on 127.0.0.1,',
  'an ephemeral demo key, and copy-paste curl commands. Ctrl-C stops everything and removes its files.',
  '',
  'options:',
  '  --port N            the gate\'s port (default 8080)',
  '  --executor-port N   the example executor\'s port (default 8081)',
)

/** The policies of policies/ that govern the example executor's tools: the README's deployment uses the same three. */
export const DEMO_POLICIES = ['fs.yaml', 'secrets.yaml', 'shell.yaml'] as const

interface Executor {
  url: string
  readyAt: number
  close(): Promise<void>
}
type StartExecutor = (o: { host: string; port: number; workspace: string; audience: string; jwksFile: string; auditDir: string; keyDir: string; skewSeconds: number }) => Promise<Executor>

export async function demoCommand(args: string[], io: CliIO): Promise<number> {
  const flags = parseFlags(args, { port: { type: 'string', default: '8080' }, 'executor-port': { type: 'string', default: '8081' } }, io, USAGE)
  if (!flags) return 2
  const log = (line: string): void => void io.stderr.write(`${line}\n`)
  const home = await mkdtemp(join(tmpdir(), 'verbatim-demo-'))
  const stops: Array<() => Promise<void>> = []
  const stop = waitForSignal()
  try {
    // An ephemeral key that lives and dies with this process: a demo key, never for real use.
    const key = await generateKeyPair()
    const { privatePath, jwksPath: jwksFile } = await writeKeyFiles(join(home, 'demo-key'), key)
    const token = `demo-${randomBytes(18).toString('base64url')}`
    const workspace = join(home, 'workspace')
    await mkdir(join(workspace, 'src'), { recursive: true })
    await writeFile(join(workspace, 'README.md'), '# demo workspace\nServed by the Verbatim example executor.\n')
    await writeFile(join(workspace, '.env'), 'SECRET=do-not-read\n')

    const { startExecutor } = (await import(fileURLToPath(new URL('../../examples/executor/index.js', import.meta.url)))) as { startExecutor: StartExecutor }
    const executor = await startExecutor({
      host: '127.0.0.1',
      port: Number(flags.values['executor-port']),
      workspace,
      audience: 'sandbox-1',
      jwksFile,
      auditDir: join(home, 'audit-executed'),
      keyDir: join(home, 'executor-key'),
      // Gate and executor share this machine's clock, so the skew (and the restart rule's wait) is short.
      skewSeconds: 1,
    })
    stops.push(() => executor.close())

    const config = ConfigSchema.parse({
      listen: { host: '127.0.0.1', port: Number(flags.values.port) },
      // The example policies for the example executor's tools (the others name tools it does not serve).
      policies: DEMO_POLICIES.map((f) => fileURLToPath(new URL(`../../../policies/${f}`, import.meta.url))),
      // The example policies name both agents; the demo prints only coder's token.
      agents: [{ id: 'coder', token: { env: 'VERBATIM_DEMO_TOKEN' } }, { id: 'reviewer', token: { env: 'VERBATIM_DEMO_REVIEWER_TOKEN' } }],
      // The executor's guard wrote its receipt key set on first use; every answer's receipt is checked.
      upstreams: [{ name: 'sandbox', url: executor.url, audience: 'sandbox-1', receipts: { jwksFile: join(home, 'executor-key', 'jwks.json') } }],
      routes: [{ tools: ['fs.*', 'shell.*'], upstream: 'sandbox' }],
      signing: { keyFile: privatePath, ttlSeconds: 60 },
      // Decision records keep the arguments, with file contents and headers replaced by their digest.
      audit: { dir: join(home, 'audit-approved'), arguments: 'redacted', redact: ['/content', '/headers'] },
    })
    const gate = await startGate(config, { env: { ...io.env, VERBATIM_DEMO_TOKEN: token, VERBATIM_DEMO_REVIEWER_TOKEN: `demo-${randomBytes(18).toString('base64url')}` }, log })
    stops.unshift(() => gate.close())
    // A brand-new executed log: the guard takes fresh bindings once its restart window has passed.
    const wait = executor.readyAt - Date.now()
    if (wait > 0) await new Promise((r) => setTimeout(r, wait))
    // And the gate is ready (its upstream found guarding): no curl line is printed before a call can succeed.
    for (let i = 0; i < 100 && (await fetch(`${gate.url}/readyz`).then((r) => r.status, () => 0)) !== 200; i++) await new Promise((r) => setTimeout(r, 100))
    io.stdout.write(banner(gate.url, token, key.kid, config.audit.dir, join(home, 'audit-executed'), workspace))
    await stop.signal
    log('verbatim demo: stopping')
    return 0
  } catch (err) {
    return reportFailure(err, io, 'verbatim demo: did not start')
  } finally {
    stop.dispose()
    for (const s of stops) await s().catch((e: unknown) => log(`verbatim demo: stop failed: ${String(e)}`))
    await rm(home, { recursive: true, force: true })
  }
}

/** What the demo prints: every command works pasted alone, from the package directory (the token is in each line). */
function banner(url: string, token: string, kid: string, approved: string, executed: string, workspace: string): string {
  const curl = (tool: string, body: string): string =>
    `curl -s -i ${url}/v1/tools/${tool} -H 'Authorization: Bearer ${token}' -H 'Content-Type: application/json' -d '${body}'`
  return `
Verbatim demo: gate ${url}, guarded example executor behind it.
  DEMO KEY ${kid}: ephemeral, generated for this run only. Never use it outside npm start.
  Workspace (the executor's /workspace): ${workspace}
  Agent coder's bearer token (this run only): ${token}

Each command below works on its own, pasted into any shell in the package directory.

# allowed: read a file inside the workspace (200)
${curl('fs.read', '{"path":"/workspace/README.md"}')}

# denied by policy: a secrets path (403 ERR_POLICY_DENIED)
${curl('fs.read', '{"path":"/workspace/.env"}')}

# rejected before policy: a duplicate key means two things (400 ERR_CANONICAL_DUPLICATE_KEY)
${curl('fs.read', '{"path":"/workspace/README.md","path":"/etc/passwd"}')}

# see exactly what the gate evaluates and forwards
echo '{ "path" : "/workspace/README.md" }' | bin/verbatim canonical -

# the audit logs: the gate's approved log and the guard's executed log, verified and reconciled
bin/verbatim audit verify --live ${approved}
bin/verbatim audit reconcile --approved ${approved} --executed ${executed}

Ctrl-C stops everything (the demo's temporary files are removed).
`
}

export const demoSpec: CommandSpec = { name: 'verbatim demo', usage: USAGE, run: demoCommand }
