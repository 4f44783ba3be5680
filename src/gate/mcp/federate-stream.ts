/** @module gate/mcp/federate-stream: the federated session's GET stream: every server's own, merged, each message named for the agent. */
import { PassThrough, Readable } from 'node:stream'
import type { Reply } from '../http/exchange.js'
import { agentEvents, sendToMember } from './federate-member.js'
import type { FederatedRequest } from './federate-member.js'

/**
 * GET on the federated session: a GET stream of each server's session, through its own pipeline
 * (decided, bound, inspected as /mcp/{server}'s), merged event by event into one. Event ids are
 * left out: a resumed stream would not say whose events to replay. It ends when every server's
 * has ended, or when the agent leaves (then every server's ends too); a stopping gate cuts it.
 */
export async function federatedStream(r: FederatedRequest, release: () => void): Promise<Reply> {
  const members = Object.entries(r.use?.session.members ?? {})
  const replies = await Promise.all(members.map(async ([server, sid]) => [server, await sendToMember(r.ex, r.deps, r.mcp, { server, sid, ...(r.sid === undefined ? {} : { federated: r.sid }) })] as const))
  const streams = replies.filter(([, reply]) => reply.status === 200 && reply.body instanceof Readable) as Array<readonly [string, Reply & { body: Readable }]>
  for (const [, reply] of replies) if (!streams.some(([, s]) => s === reply) && reply.body instanceof Readable) reply.body.destroy()
  if (streams.length === 0) {
    release()
    return replies[0]?.[1] ?? { status: 405, headers: {}, body: null }
  }
  const merged = new PassThrough()
  let open = streams.length
  for (const [server, reply] of streams) {
    const events = agentEvents(server)
    // A server's stream that ends without its end (cut, failed) ends its part of the merge.
    reply.body.once('close', () => {
      if (!events.writableEnded) events.destroy()
    })
    reply.body.pipe(events)
    events.on('data', (chunk: Buffer | string) => merged.write(chunk))
    events.on('close', () => {
      if (--open === 0) merged.end()
    })
  }
  // Cut with an error, so that the agent's response ends with it (a stream destroyed quietly leaves the response open).
  const cut = (): void => {
    for (const [, reply] of streams) reply.body.destroy()
    merged.destroy(new Error('the federated stream was cut'))
  }
  merged.once('close', () => {
    for (const [, reply] of streams) reply.body.destroy()
    release()
  })
  merged.once('close', r.mcp.streams.add(cut))
  return { status: 200, headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', ...(r.sid === undefined ? {} : { 'mcp-session-id': r.sid }) }, body: merged }
}
