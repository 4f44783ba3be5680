/** @module console/server: the console's own listener (never the agents'), with the connection discipline of src/http. */
import type { Server } from 'node:http'
import { VerbatimError, retryAfterSeconds } from '../errors/index.js'
import { closeServer, endWithProblem, listen, rawProblemResponse, serveConnections } from '../http/index.js'
import { consoleHandler } from './app.js'
import { ApprovalDesk } from './desk.js'
import type { DeskAudit, DeskOptions } from './desk.js'
import { Sessions } from './sessions.js'

export interface ConsoleHandle {
  /** The desk of waiting calls the console decides on (GateDeps.approvals). */
  desk: ApprovalDesk
  url: string
  port: number
  server: Server
  sessions: Sessions
  close(): Promise<void>
}

/** Starts the console on approvals.console.listen. */
export async function startConsole(desk: ApprovalDesk, audit: DeskAudit, log: (line: string) => void): Promise<ConsoleHandle> {
  const cfg = desk.config.console
  const sessions = new Sessions({ ttlMs: cfg.sessionMinutes * 60_000, now: () => desk.now() })
  const handler = consoleHandler({ desk, audit, sessions, https: cfg.origin.startsWith('https:'), log })
  const { server } = serveConnections(handler, {
    maxConnections: 256, maxUnauthenticated: 128, headersTimeoutMs: 10_000, idleTimeoutMs: 5_000, bodyTimeoutMs: 10_000,
    overloaded: () => rawProblemResponse(new VerbatimError('ERR_GATE_OVERLOADED', 'the console has too many open connections'), { 'Retry-After': retryAfterSeconds() }),
    faultyFraming: (_req, res, why) => endWithProblem(res, new VerbatimError('ERR_INTAKE_MALFORMED_HTTP', why)),
  })
  const bound = await listen(server, cfg.listen.port, cfg.listen.host)
  return {
    desk, url: bound.url, port: bound.port, server, sessions,
    // Held calls answer first (202: their approval stays open until the process ends), then the console stops.
    close: () => {
      desk.close()
      return closeServer(server, 2_000)
    },
  }
}

/** The desk and its console, for a gate with approvals configured. */
export async function startApprovals(o: DeskOptions & { audit: DeskAudit }): Promise<ConsoleHandle> {
  const console = await startConsole(await ApprovalDesk.open(o), o.audit, o.log)
  o.log(`verbatim gate: approvals console on ${console.url} for ${o.config.console.origin}`)
  return console
}
