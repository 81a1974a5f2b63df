/**
 * The Lua scripts behind the Redis store. Each runs atomically inside Redis and reads the
 * clock with TIME, so every replica counts against the same window on the same clock
 * (replicas' own clocks may drift; Redis's is one).
 *
 * A window is a sorted set of events scored by time in ms (member `<seq>:<amount>`, seq from
 * an INCR so two events in one millisecond stay distinct) plus a running sum in `<key>:sum`,
 * so a check costs O(expired events), not O(window).
 */

/** Shared prelude: drop expired events from KEYS[1], keep KEYS[2] (the sum) in step. Sets `now` and `sum`. */
const TRIM = `
-- Redis before 5 replicates scripts verbatim, which TIME would break; 5+ ignore this.
if redis.replicate_commands then redis.replicate_commands() end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[#ARGV])
local cutoff = now - window
local expired = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', cutoff)
local sum = tonumber(redis.call('GET', KEYS[2]) or '0')
if #expired > 0 then
  for _, m in ipairs(expired) do
    sum = sum - tonumber(string.match(m, ':(.+)$'))
  end
  redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', cutoff)
  if sum < 0 then sum = 0 end
  redis.call('SET', KEYS[2], sum, 'PX', window)
end
`

const PUSH = `
local function push(amount)
  local seq = redis.call('INCR', KEYS[3])
  redis.call('ZADD', KEYS[1], now, seq .. ':' .. amount)
  sum = sum + amount
  redis.call('SET', KEYS[2], sum, 'PX', window)
  redis.call('PEXPIRE', KEYS[1], window)
  redis.call('PEXPIRE', KEYS[3], window)
end
`

/** KEYS: zset, sum, seq. ARGV: amount, limit, windowMs. Returns {allowed 0|1, total, retryAfterMs}. */
export const TRY_CONSUME = `${TRIM}${PUSH}
local amount = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
if sum + amount <= limit then
  push(amount)
  return {1, tostring(sum), 0}
end
local excess = sum + amount - limit
local retryAt = now + window
local events = redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES')
for i = 1, #events, 2 do
  excess = excess - tonumber(string.match(events[i], ':(.+)$'))
  if excess <= 0 then
    retryAt = tonumber(events[i + 1]) + window
    break
  end
end
local wait = retryAt - now
if wait < 1 then wait = 1 end
return {0, tostring(sum), wait}
`

/** KEYS: zset, sum, seq. ARGV: amount, windowMs. */
export const ADD = `${TRIM}${PUSH}
push(tonumber(ARGV[1]))
return tostring(sum)
`

/** KEYS: zset, sum. ARGV: windowMs. */
export const TOTAL = `${TRIM}
return tostring(sum)
`

/** KEYS: counter. ARGV: amount, ttlMs (0 for none). The expiry is set once, when the counter is created. */
export const INCREMENT_FLOAT = `
local existed = redis.call('EXISTS', KEYS[1])
local value = redis.call('INCRBYFLOAT', KEYS[1], ARGV[1])
local ttl = tonumber(ARGV[2])
if existed == 0 and ttl > 0 then redis.call('PEXPIRE', KEYS[1], ttl) end
return value
`
