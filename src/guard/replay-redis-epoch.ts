/**
 * @module guard/replay-redis-epoch: the Redis store's epoch, and the two Lua scripts that tie every
 * claim to it, so that no nonce is ever claimed on a store whose data may have been lost.
 *
 * The epoch key holds `<lostAt> <id> <run_id>:<master_replid>`: the unix second from which the store
 * is known to hold every claim, a random id, and the server it was written on. Redis gives a server
 * a new `run_id` on every start (with or without persistence: an append-only file may still miss
 * its last second) and a new `master_replid` on every promotion (a replica may not have caught up),
 * and FLUSHALL deletes the key. So an epoch that is missing, or names another server, means the
 * nonces may be gone.
 */

/** Lua: the server this script runs on, as the epoch names it. */
const SERVER = `
local function server()
  local s = redis.call('INFO', 'server')
  local r = redis.call('INFO', 'replication')
  return (string.match(s, 'run_id:(%x+)') or '-') .. ':' .. (string.match(r, 'master_replid:(%x+)') or '-')
end
local function on_this_server(e, here)
  return e and string.sub(e, -string.len(here)) == here
end
`

/**
 * KEYS[1] the epoch; ARGV[1] now (unix seconds), ARGV[2] a fresh random id. Returns the epoch in
 * force: the one on this server, or else a new one written now (the loss is dated now). A store
 * that may evict keys (a maxmemory policy other than noeviction) is refused: it can lose nonces
 * without any sign.
 */
export const EPOCH_SCRIPT = `${SERVER}
local mem = redis.call('INFO', 'memory')
local max = string.match(mem, 'maxmemory:(%d+)')
local policy = string.match(mem, 'maxmemory_policy:(%S+)')
if max ~= '0' and policy ~= 'noeviction' then
  return redis.error_reply('VERBATIM_EVICTS maxmemory-policy ' .. tostring(policy) .. ' may evict nonces: set noeviction')
end
local here = server()
local e = redis.call('GET', KEYS[1])
if on_this_server(e, here) then return e end
local fresh = ARGV[1] .. ' ' .. ARGV[2] .. ' ' .. here
redis.call('SET', KEYS[1], fresh)
return fresh
`

/**
 * KEYS[1] the epoch, KEYS[2] the nonce's key; ARGV[1] the epoch the guard holds, ARGV[2] the hold
 * in ms. 1: claimed; 0: already claimed; -1: that epoch is not in force on this server (the data
 * may be lost, or another replica saw a loss first). One round trip, atomic with the claim.
 */
export const CLAIM_SCRIPT = `${SERVER}
local e = redis.call('GET', KEYS[1])
if e ~= ARGV[1] or not on_this_server(e, server()) then return -1 end
if redis.call('SET', KEYS[2], '1', 'NX', 'PX', ARGV[2]) then return 1 end
return 0
`

export interface Epoch {
  /** The epoch key's value, as read. */
  raw: string
  /** Unix seconds from which the store holds every claim made through it. */
  lostAt: number
}

/** Reads an epoch value; undefined when it is not one this module wrote. */
export function parseEpoch(raw: unknown): Epoch | undefined {
  if (typeof raw !== 'string') return undefined
  const m = /^(\d{1,15}) [0-9a-f]{32} \S+$/.exec(raw)
  return m === null ? undefined : { raw, lostAt: Number(m[1]) }
}
