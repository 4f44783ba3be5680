/** @module config/approvals: the approvals section of verbatim.yaml: who approves ask calls, where, and how long a call is held. */
import { z } from 'zod'

const APPROVER = /^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$/

/** Who approves ask calls, where they do it, and how long a call is held (docs/approvals.md). */
export const ApprovalsSchema = z.strictObject({
  console: z.strictObject({
    listen: z.strictObject({
      host: z.string().default('127.0.0.1').describe('Address the console binds (never the agents\' listener)'),
      port: z.number().int().min(0).max(65_535).default(8081).describe('Port the console binds (0 picks a free one)'),
    }).prefault({}).describe('Where the approvers\' console listens'),
    origin: z.string().regex(/^(https:\/\/[^/]+|http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?)$/, 'https://host[:port], or http://localhost[:port] for a console on this machine').describe('The origin approvers open (https, or http on localhost): WebAuthn binds every passkey to it, and every request that changes state must come from it'),
    rpId: z.string().min(1).optional().describe('The WebAuthn RP ID (default: the origin\'s host)'),
    userVerification: z.enum(['required', 'preferred']).default('required').describe('Whether a passkey must verify its user (PIN, biometrics) for every login and approval'),
    sessionMinutes: z.number().int().min(1).max(1440).default(30).describe('How long a console login lasts'),
  }).describe('The approvers\' web console'),
  dir: z.string().default('.verbatim/approvers').describe('Directory of enrolled passkeys (credentials.json) and one-time enrolment invites'),
  groups: z.record(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/), z.array(z.string().regex(APPROVER, 'an approver name: letters, digits, _ . @ -')).min(1))
    .describe('Approver groups, as ask rules name them: group name to approver names. Removing a name takes effect at once for calls not yet run (SIGHUP)'),
  holdSeconds: z.number().int().min(0).max(600).default(20).describe('How long POST /v1/tools holds an ask call waiting for approval before answering 202 with its status URL'),
  maxPending: z.number().int().min(1).max(100_000).default(1000).describe('Calls waiting for approval at once, all agents together; beyond it 503 ERR_APPROVAL_FULL'),
  maxPendingPerAgent: z.number().int().min(1).max(100_000).default(16).describe('Calls one agent may have waiting; beyond it 429 ERR_APPROVAL_QUOTA'),
  webhooks: z.array(z.strictObject({
    url: z.url({ protocol: /^https?$/ }).describe('Where a signed JSON notice of each waiting call is POSTed'),
    timeoutMs: z.number().int().min(1).max(60_000).default(5000).describe('Time allowed for the receiver to answer'),
  })).default([]).describe('Webhooks told of each call that waits (RFC 9421-signed with the gate\'s key)'),
})
