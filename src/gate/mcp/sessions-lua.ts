/**
 * @module gate/mcp/sessions-lua: the session table as Lua scripts, each one atomic on the Redis
 * server, so that gates on many processes and hosts keep the one table the in-memory store keeps
 * (src/gate/mcp/sessions.ts) with the same rules: caps, least recently used eviction of the
 * agent's own idle sessions only, idle expiry, the outstanding-request ledger.
 *
 * Keys under the prefix P: `P s:{id}` a hash (agent, server, revision, last use in ms, `x` the rest of
 * the session as JSON (a federated session's servers' sessions, URL elicitation), and one field
 * per use in flight: `c:{lease}` a call, `s:{lease}` a stream, each holding its deadline), `P a:{agent}`
 * and `P all` sorted sets of ids by last use, `P p:{id}` the ledger (request id key → method) and
 * `P q:{id}` its order. A use is a lease its process renews while it lasts: a process that dies
 * stops renewing, and its uses lapse instead of holding a session busy for ever. Time is the
 * server's own (TIME), one clock for every gate, unless a test passes one.
 */

/** Shared by every script. ARGV[1] prefix, ARGV[2] now in ms ('' for the server's clock), ARGV[3] idle ms, ARGV[4] the keys' lifetime in ms. */
const PREAMBLE = `
local P = ARGV[1]
local T = tonumber(ARGV[2])
if T == nil then local t = redis.call('TIME'); T = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) end
local IDLE = tonumber(ARGV[3])
local GC = tonumber(ARGV[4])
local ALL = P .. 'all'
local REMOVED = {}
local function load(id)
  local raw = redis.call('HGETALL', P .. 's:' .. id)
  if #raw == 0 then return nil end
  local e = { id = id, calls = 0, streams = 0, lapsed = {} }
  for i = 1, #raw, 2 do
    local k, v = raw[i], raw[i + 1]
    local kind = string.sub(k, 1, 2)
    if kind == 'c:' or kind == 's:' then
      if tonumber(v) > T then
        if kind == 'c:' then e.calls = e.calls + 1 else e.streams = e.streams + 1 end
      else
        table.insert(e.lapsed, k)
      end
    else
      e[k] = v
    end
  end
  e.last = tonumber(e.last) or 0
  return e
end
local function idle(e) return e.calls == 0 and e.streams == 0 end
local function expired(e) return idle(e) and T - e.last >= IDLE end
local function remove(id, agent)
  redis.call('DEL', P .. 's:' .. id, P .. 'p:' .. id, P .. 'q:' .. id)
  redis.call('ZREM', ALL, id)
  if agent then redis.call('ZREM', P .. 'a:' .. agent, id) end
  table.insert(REMOVED, id)
end
local function keep(id)
  for _, k in ipairs({ 's:', 'p:', 'q:' }) do redis.call('PEXPIRE', P .. k .. id, GC) end
end
local function touch(e)
  redis.call('HSET', P .. 's:' .. e.id, 'last', T)
  if #e.lapsed > 0 then redis.call('HDEL', P .. 's:' .. e.id, unpack(e.lapsed)) end
  redis.call('ZADD', ALL, T, e.id)
  redis.call('ZADD', P .. 'a:' .. e.agent, T, e.id)
  keep(e.id)
end
local function live(id)
  local e = load(id)
  if e ~= nil and expired(e) then remove(id, e.agent); return nil end
  return e
end
local function result(head) for _, id in ipairs(REMOVED) do table.insert(head, id) end; return head end
`

/** Making room for a session of `agent`: ARGV[5] the agent, ARGV[6] maxPerAgent, ARGV[7] max. */
const ROOM = `
local AGENT, MAXA, MAX = ARGV[5], tonumber(ARGV[6]), tonumber(ARGV[7])
local function sweep()
  local at, seen = 0, 0
  while seen < 1024 do
    local ids = redis.call('ZRANGE', ALL, at, at + 63)
    if #ids == 0 then return end
    for _, id in ipairs(ids) do
      seen = seen + 1
      local e = load(id)
      if e == nil then redis.call('ZREM', ALL, id)
      elseif not idle(e) then at = at + 1
      elseif expired(e) then remove(id, e.agent)
      else return end
    end
  end
end
local function evict_own()
  for _, id in ipairs(redis.call('ZRANGE', P .. 'a:' .. AGENT, 0, -1)) do
    local e = load(id)
    if e == nil then redis.call('ZREM', P .. 'a:' .. AGENT, id); redis.call('ZREM', ALL, id); return true end
    if e.calls == 0 then remove(id, AGENT); return true end
  end
  return false
end
local function oldest_idle()
  for _, id in ipairs(redis.call('ZRANGE', ALL, 0, 255)) do
    local e = load(id)
    if e ~= nil and idle(e) then return e.last end
  end
  return -1
end
local function room()
  sweep()
  while redis.call('ZCARD', P .. 'a:' .. AGENT) >= MAXA do
    if not evict_own() then return { 'quota', -1 } end
  end
  while redis.call('ZCARD', ALL) >= MAX do
    if not evict_own() then return { 'full', oldest_idle() } end
  end
  return nil
end
`

/** admit: room for a session of ARGV[5]. Returns {'ok'|'quota'|'full', oldest idle last use, removed ids…}. */
export const ADMIT = `${PREAMBLE}${ROOM}
local r = room()
if r ~= nil then return result({ r[1], r[2], T }) end
return result({ 'ok', -1, T })`

/** open: binds ARGV[8] to ARGV[5] on server ARGV[9] at revision ARGV[10], with the rest of the session ARGV[11] (JSON, or ''). Returns {'opened'|'taken'|'quota'|'full', oldest idle last use, now, removed ids…}. */
export const OPEN = `${PREAMBLE}${ROOM}
local ID = ARGV[8]
if live(ID) ~= nil then return result({ 'taken', -1, T }) end
local r = room()
if r ~= nil then return result({ r[1], r[2], T }) end
redis.call('HSET', P .. 's:' .. ID, 'agent', AGENT, 'server', ARGV[9], 'revision', ARGV[10], 'last', T, 'x', ARGV[11])
redis.call('ZADD', ALL, T, ID)
redis.call('ZADD', P .. 'a:' .. AGENT, T, ID)
keep(ID)
return result({ 'opened', -1, T })`

/** use: ARGV[5] id, [6] agent, [7] server, [8] lease field (c:… or s:…), [9] lease ms. Returns {revision, the rest of the session} or {false, ''}, then removed ids. */
export const USE = `${PREAMBLE}
local e = live(ARGV[5])
if e == nil or e.agent ~= ARGV[6] or e.server ~= ARGV[7] then return result({ false, '' }) end
touch(e)
redis.call('HSET', P .. 's:' .. e.id, ARGV[8], T + tonumber(ARGV[9]))
return result({ e.revision, e.x or '' })`

/** release: ARGV[5] id, [6] lease field. A use ends; the session, if it is still there, was used now. */
export const RELEASE = `${PREAMBLE}
local e = load(ARGV[5])
if e == nil then return 0 end
redis.call('HDEL', P .. 's:' .. e.id, ARGV[6])
touch(e)
return 1`

/** renew: ARGV[5] lease ms, then id and lease field pairs. Returns the ids whose use is gone (the session was ended meanwhile). */
export const RENEW = `${PREAMBLE}
local gone = {}
for i = 6, #ARGV, 2 do
  local key = P .. 's:' .. ARGV[i]
  if redis.call('HEXISTS', key, ARGV[i + 1]) == 1 then
    redis.call('HSET', key, ARGV[i + 1], T + tonumber(ARGV[5]))
    keep(ARGV[i])
  else
    table.insert(gone, ARGV[i])
  end
end
return gone`

/** revise: ARGV[5] id, [6] revision. */
export const REVISE = `${PREAMBLE}
if redis.call('EXISTS', P .. 's:' .. ARGV[5]) == 1 then redis.call('HSET', P .. 's:' .. ARGV[5], 'revision', ARGV[6]) end
return 1`

/** delete: ARGV[5] id. Returns the removed ids. */
export const DELETE = `${PREAMBLE}
local e = load(ARGV[5])
if e ~= nil then remove(e.id, e.agent) end
return result({})`

/** expect: ARGV[5] id, [6] request id key, [7] method, [8] most outstanding. 1 recorded (or no such session), 0 outstanding already. */
export const EXPECT = `${PREAMBLE}
local ID, KEY = ARGV[5], ARGV[6]
if redis.call('EXISTS', P .. 's:' .. ID) == 0 then return 1 end
if redis.call('HEXISTS', P .. 'p:' .. ID, KEY) == 1 then return 0 end
local seq = redis.call('HINCRBY', P .. 's:' .. ID, 'seq', 1)
redis.call('HSET', P .. 'p:' .. ID, KEY, ARGV[7])
redis.call('ZADD', P .. 'q:' .. ID, seq, KEY)
if redis.call('ZCARD', P .. 'q:' .. ID) > tonumber(ARGV[8]) then
  local oldest = redis.call('ZPOPMIN', P .. 'q:' .. ID)
  redis.call('HDEL', P .. 'p:' .. ID, oldest[1])
end
keep(ID)
return 1`

/** take: ARGV[5] id, [6] request id key. Returns the method of the outstanding request, taken off the ledger, or false. */
export const TAKE = `${PREAMBLE}
local method = redis.call('HGET', P .. 'p:' .. ARGV[5], ARGV[6])
if method then
  redis.call('HDEL', P .. 'p:' .. ARGV[5], ARGV[6])
  redis.call('ZREM', P .. 'q:' .. ARGV[5], ARGV[6])
end
return method`

/** count: the sessions in the table (expired ones included until they are swept). */
export const COUNT = `${PREAMBLE}
return redis.call('ZCARD', ALL)`
