/** @module observe/metrics: Prometheus metrics (prom-client) of the gate and the guard, one registry per process. */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'

const LATENCY_BUCKETS = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]
const FSYNC_BUCKETS = [0.0001, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1]

/** What a state gauge reads: a circuit, a guard state, the queue of each upstream. */
export interface UpstreamView {
  name: string
  queued: number
  active: number
  /** 0 closed, 1 half-open, 2 open. */
  circuit: number
  /** 1 when the gate forwards to it (guarded, or guarded: false). */
  forwarding: number
  /** 1 when a call to it could succeed now: forwarding, circuit not open, and its guard's /readyz not failing. */
  ready: number
}

export interface GateMetrics {
  registry: Registry
  contentType: string
  render(): Promise<string>
  decision(verdict: string, code: string, rule: string): void
  call(overheadSeconds: number, upstream: string | undefined, upstreamSeconds: number | undefined): void
  shed(reason: 'queue' | 'circuit' | 'connections' | 'unauthenticated' | 'pipeline' | 'budget'): void
  /** What became of a call sent upstream (gate/answer.ts, UpstreamOutcome). */
  upstreamOutcome(upstream: string, outcome: string): void
  /** A circuit opened: counted, so that even an outage shorter than a scrape interval leaves a trace. */
  circuitOpened(upstream: string): void
  /**
   * Exports every upstream's counters at 0 from the start: Prometheus sees no increase in a series
   * whose first sample is already 1, so an alert on the first receipt fault or circuit opening
   * would never fire.
   */
  knownUpstreams(names: readonly string[], outcomes: readonly string[]): void
  policyReload(ok: boolean): void
  auditBatch(records: number, fsyncSeconds: number): void
}

/**
 * The gate's metrics. Counters and histograms are fed per call; the upstream gauges are read when
 * scraped. Labels are bounded: verdicts, error codes, rule ids and upstream names come from the
 * code and the config, never from a request.
 */
export function createGateMetrics(upstreams: () => UpstreamView[], prefix = 'verbatim_'): GateMetrics {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry, prefix })
  const decisions = new Counter({ name: `${prefix}decisions_total`, help: 'Decisions by verdict (allow, deny, reject), error code and deciding rule', labelNames: ['verdict', 'code', 'rule'], registers: [registry] })
  const overhead = new Histogram({ name: `${prefix}gate_overhead_seconds`, help: 'Time a call spends in the gate, the upstream excluded', buckets: LATENCY_BUCKETS, registers: [registry] })
  const upstream = new Histogram({ name: `${prefix}upstream_latency_seconds`, help: 'Time waiting for the upstream (its guard and executor)', labelNames: ['upstream'], buckets: LATENCY_BUCKETS, registers: [registry] })
  const shed = new Counter({ name: `${prefix}shed_total`, help: 'Calls and connections refused to shed load, by reason', labelNames: ['reason'], registers: [registry] })
  const reloads = new Counter({ name: `${prefix}policy_reloads_total`, help: 'Policy reloads, by outcome', labelNames: ['ok'], registers: [registry] })
  // Series alerts rate on exist from the start, at 0 (see knownUpstreams).
  for (const ok of ['true', 'false']) reloads.inc({ ok }, 0)
  for (const reason of ['queue', 'circuit', 'connections', 'unauthenticated', 'pipeline', 'budget']) shed.inc({ reason }, 0)
  const batch = new Histogram({ name: `${prefix}audit_batch_records`, help: 'Records per audit group commit', buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512], registers: [registry] })
  const fsync = new Histogram({ name: `${prefix}audit_fsync_seconds`, help: 'fdatasync latency of the audit log', buckets: FSYNC_BUCKETS, registers: [registry] })
  const outcomes = new Counter({ name: `${prefix}upstream_outcomes_total`, help: 'Calls sent upstream, by what became of them: answered, executor_unavailable, guard_refused, guard_unavailable, unreachable, timeout, receipt_fault', labelNames: ['upstream', 'outcome'], registers: [registry] })
  const opens = new Counter({ name: `${prefix}upstream_circuit_opens_total`, help: 'Times the circuit of each upstream opened', labelNames: ['upstream'], registers: [registry] })
  const view = (read: (u: UpstreamView) => number) => function (this: Gauge) {
    this.reset()
    for (const u of upstreams()) this.set({ upstream: u.name }, read(u))
  }
  new Gauge({ name: `${prefix}upstream_queue_depth`, help: 'Calls waiting for a slot to each upstream', labelNames: ['upstream'], registers: [registry], collect: view((u) => u.queued) })
  new Gauge({ name: `${prefix}upstream_in_flight`, help: 'Calls in flight to each upstream', labelNames: ['upstream'], registers: [registry], collect: view((u) => u.active) })
  new Gauge({ name: `${prefix}upstream_circuit_state`, help: 'Circuit breaker of each upstream: 0 closed, 1 half-open, 2 open', labelNames: ['upstream'], registers: [registry], collect: view((u) => u.circuit) })
  new Gauge({ name: `${prefix}upstream_ready`, help: '1 when a call to the upstream could succeed now (forwarding, circuit not open, its guard ready), else 0', labelNames: ['upstream'], registers: [registry], collect: view((u) => u.ready) })
  new Gauge({ name: `${prefix}upstream_forwarding`, help: '1 when the gate forwards to the upstream (found guarded), else 0', labelNames: ['upstream'], registers: [registry], collect: view((u) => u.forwarding) })
  return {
    registry,
    contentType: registry.contentType,
    render: () => registry.metrics(),
    decision: (verdict, code, rule) => decisions.inc({ verdict, code, rule }),
    call: (o, name, u) => {
      overhead.observe(o)
      if (name !== undefined && u !== undefined) upstream.observe({ upstream: name }, u)
    },
    shed: (reason) => shed.inc({ reason }),
    upstreamOutcome: (name, outcome) => outcomes.inc({ upstream: name, outcome }),
    circuitOpened: (name) => opens.inc({ upstream: name }),
    knownUpstreams: (names, kinds) => {
      for (const upstream of names) {
        opens.inc({ upstream }, 0)
        for (const outcome of kinds) outcomes.inc({ upstream, outcome }, 0)
      }
    },
    policyReload: (ok) => reloads.inc({ ok: String(ok) }),
    auditBatch: (records, seconds) => {
      batch.observe(records)
      fsync.observe(seconds)
    },
  }
}

export interface GuardMetrics {
  registry: Registry
  contentType: string
  render(): Promise<string>
  refusal(code: string): void
  /** A gate probe refused as it must be (binding/probe): counted apart, so refusals mean something. */
  probe(code: string): void
  execution(status: number, seconds: number): void
  replayStoreError(): void
  shed(reason: 'connections' | 'unauthenticated' | 'pipeline' | 'budget'): void
  auditBatch(records: number, fsyncSeconds: number): void
}

/** The guard's metrics: refusals by code, executions and their latency, replay-store errors, sheds, the executed log. */
export function createGuardMetrics(prefix = 'verbatim_guard_'): GuardMetrics {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry, prefix })
  const refusals = new Counter({ name: `${prefix}refusals_total`, help: 'Requests refused before anything ran, by code (the gates\' probes apart)', labelNames: ['code'], registers: [registry] })
  const probes = new Counter({ name: `${prefix}probes_total`, help: 'The gates\' probes, each refused as it must be, by code', labelNames: ['code'], registers: [registry] })
  const executions = new Histogram({ name: `${prefix}execution_seconds`, help: 'Verified calls, from verification to the executor\'s answer, by status class', labelNames: ['status'], buckets: LATENCY_BUCKETS, registers: [registry] })
  const replay = new Counter({ name: `${prefix}replay_store_errors_total`, help: 'Replay store failures (each refused the call: fail closed)', registers: [registry] })
  const shed = new Counter({ name: `${prefix}shed_total`, help: 'Connections and requests refused to shed load, by reason', labelNames: ['reason'], registers: [registry] })
  const batch = new Histogram({ name: `${prefix}audit_batch_records`, help: 'Records per executed-log group commit', buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512], registers: [registry] })
  const fsync = new Histogram({ name: `${prefix}audit_fsync_seconds`, help: 'fdatasync latency of the executed log', buckets: FSYNC_BUCKETS, registers: [registry] })
  return {
    registry,
    contentType: registry.contentType,
    render: () => registry.metrics(),
    refusal: (code) => {
      refusals.inc({ code })
      if (code === 'ERR_GUARD_REPLAY_STORE') replay.inc()
    },
    probe: (code) => probes.inc({ code }),
    execution: (status, seconds) => executions.observe({ status: `${Math.floor(status / 100)}xx` }, seconds),
    replayStoreError: () => replay.inc(),
    shed: (reason) => shed.inc({ reason }),
    auditBatch: (records, seconds) => {
      batch.observe(records)
      fsync.observe(seconds)
    },
  }
}
