namespace Aggregator.Storage.Redis;

/// <summary>The Lua scripts of the store. Each touches the keys of one partition only.</summary>
internal static class LuaScripts
{
    /// <summary>Fields per item in <see cref="Apply"/>'s ARGV.</summary>
    public const int ApplyStride = 11;

    /// <summary>Result code: written.</summary>
    public const long Written = 0;

    /// <summary>Result code: the idempotency field already exists; the stored acknowledgement is returned.</summary>
    public const long Replayed = 1;

    /// <summary>Result code: the unit head changed since it was read (compare-and-set failed); nothing written.</summary>
    public const long Conflict = 2;

    /// <summary>
    /// Helpers of the write scripts. <c>call_many(command, key, list)</c> runs one command with the list's
    /// elements as its arguments (HSET field value …, RPUSH value …, HDEL field …) in chunks of at most
    /// 200, so a batch costs one command per hash instead of one per submission, and Lua's stack is
    /// never exceeded. <c>audit_append(entries hash key, head key, array of encoded entries, most entries
    /// kept)</c> appends entries to a trail, chaining each by hash (see <c>AuditChain</c>), then removes
    /// the oldest past the retention (at most 1000 per call) and writes the head once.
    /// </summary>
    private const string Functions = """
        local unpack = unpack or table.unpack
        local function call_many(cmd, key, list)
          local i = 1
          while i <= #list do
            local j = math.min(i + 199, #list)
            redis.call(cmd, key, unpack(list, i, j))
            i = j + 1
          end
        end
        local function audit_append(hkey, headk, entries, max)
          if #entries == 0 then return end
          local first, last, prev = 1, 0, ''
          local h = redis.call('GET', headk)
          if h then
            local f, l, p = string.match(h, '^(%d+)|(%d+)|(.*)$')
            first = tonumber(f)
            last = tonumber(l)
            prev = p
          end
          local fv = {}
          for _, e in ipairs(entries) do
            last = last + 1
            local s = string.format('%d', last)
            local hash = redis.sha1hex(prev .. '|' .. s .. '|' .. e)
            fv[#fv + 1] = s
            fv[#fv + 1] = s .. '|' .. prev .. '|' .. hash .. '|' .. e
            prev = hash
          end
          call_many('HSET', hkey, fv)
          local old = {}
          while max > 0 and last - first + 1 > max and #old < 1000 do
            old[#old + 1] = string.format('%d', first)
            first = first + 1
          end
          call_many('HDEL', hkey, old)
          redis.call('SET', headk, string.format('%d', first) .. '|' .. string.format('%d', last) .. '|' .. prev)
        end

        """;

    /// <summary>
    /// Applies a batch of writes to one partition atomically. KEYS: 1 heads, 2 blobs, 3 idem, 4 rev,
    /// 5 audit entries, 6 audit head, 7.. history lists. ARGV: 1 item count, then per item (stride 11): unit, expected head text
    /// ("" = none), new head text, idempotency field ("" = none), acknowledgement bytes, blob field
    /// ("" = none), blob bytes, index of the history key in KEYS, history entry bytes, "1" to write
    /// over an idempotency record left by an incomplete write, the encoded audit entry ("" = none); then: the
    /// events channel, the most audit entries kept, the number of refusal audit entries and those entries.
    /// Every item is checked (idempotency, then compare-and-set on the head text,
    /// with earlier items of the batch taken into account) before anything is written. The audit entry of
    /// every written item and every refusal entry are appended to the trail in the same call (hash-chained
    /// in Lua), before the idempotency records and heads. Returns one
    /// {code, bytes} per item and, when something was written, the new revision last, which is also
    /// published once on the events channel (one message per write, however many units it holds).
    /// </summary>
    public const string Apply = Functions + """
        local n = tonumber(ARGV[1])
        local S = 11
        local heads = {}
        local idem = {}
        local ok = {}
        local res = {}
        for i = 0, n - 1 do
          local b = 2 + i * S
          local unit = ARGV[b]
          local idf = ARGV[b + 3]
          local r = nil
          if idf ~= '' and ARGV[b + 9] ~= '1' then
            local a = idem[idf]
            if a == nil then a = redis.call('HGET', KEYS[3], idf) end
            if a then r = {1, a} end
          end
          if r == nil then
            local cur = heads[unit]
            if cur == nil then cur = redis.call('HGET', KEYS[1], unit) or '' end
            if cur ~= ARGV[b + 1] then
              r = {2, ''}
            else
              heads[unit] = ARGV[b + 2]
              if idf ~= '' then idem[idf] = ARGV[b + 4] end
              ok[#ok + 1] = b
              r = {0, ''}
            end
          end
          res[i + 1] = r
        end
        local t = 2 + n * S
        local entries = {}
        if #ok > 0 then
          -- Write-ahead order: the version blobs, history and audit entries first, the idempotency
          -- records and heads (which make a version visible) last. Should a crash ever keep only a
          -- prefix of these writes (seen with embedded Garnet after SIGKILL), what survives is an
          -- unreferenced blob or history entry that the retry overwrites, never a head or an
          -- idempotency record pointing at a version that is not stored (or has no audit entry).
          -- One command per hash (and per unit's history list) for the whole batch, in item order.
          local blobs, hist, order = {}, {}, {}
          for _, b in ipairs(ok) do
            if ARGV[b + 5] ~= '' then
              blobs[#blobs + 1] = ARGV[b + 5]
              blobs[#blobs + 1] = ARGV[b + 6]
            end
            local k = tonumber(ARGV[b + 7])
            if hist[k] == nil then
              hist[k] = {}
              order[#order + 1] = k
            end
            hist[k][#hist[k] + 1] = ARGV[b + 8]
            if ARGV[b + 10] ~= '' then entries[#entries + 1] = ARGV[b + 10] end
          end
          call_many('HSET', KEYS[2], blobs)
          for _, k in ipairs(order) do call_many('RPUSH', KEYS[k], hist[k]) end
        end
        for j = 1, tonumber(ARGV[t + 2]) do entries[#entries + 1] = ARGV[t + 2 + j] end
        audit_append(KEYS[5], KEYS[6], entries, tonumber(ARGV[t + 1]))
        if #ok > 0 then
          -- A unit written twice in the batch appears twice: HSET sets the pairs in order, the last wins.
          local idems, newHeads = {}, {}
          for _, b in ipairs(ok) do
            if ARGV[b + 3] ~= '' then
              idems[#idems + 1] = ARGV[b + 3]
              idems[#idems + 1] = ARGV[b + 4]
            end
            newHeads[#newHeads + 1] = ARGV[b]
            newHeads[#newHeads + 1] = ARGV[b + 2]
          end
          call_many('HSET', KEYS[3], idems)
          call_many('HSET', KEYS[1], newHeads)
          res[n + 1] = redis.call('INCR', KEYS[4])
          redis.call('PUBLISH', ARGV[t], res[n + 1])
        end
        return res
        """;

    /// <summary>
    /// Appends audit entries with no store write of their own (exports, denials, refusals decided before
    /// the store). KEYS: 1 audit entries, 2 audit head. ARGV: 1 most entries kept, 2.. encoded entries.
    /// Returns the trail's last sequence number.
    /// </summary>
    public const string AppendAudit = Functions + """
        local entries = {}
        for j = 2, #ARGV do entries[#entries + 1] = ARGV[j] end
        audit_append(KEYS[1], KEYS[2], entries, tonumber(ARGV[1]))
        return #entries
        """;

    /// <summary>
    /// Reads a trail's head and the entries with sequence numbers ARGV[1] to ARGV[2] (up or down) in one
    /// call. KEYS: 1 audit entries, 2 audit head. Returns the head text ("" when none), then the stored
    /// text under each number ("" where none).
    /// </summary>
    public const string ReadAudit = """
        local out = {redis.call('GET', KEYS[2]) or ''}
        local from = tonumber(ARGV[1])
        local to = tonumber(ARGV[2])
        local step = 1
        if to < from then step = -1 end
        for s = from, to, step do
          out[#out + 1] = redis.call('HGET', KEYS[1], string.format('%d', s)) or ''
        end
        return out
        """;

    /// <summary>
    /// Reads a whole partition. KEYS: 1 heads, 2 blobs, 3 rev. Returns the revision, then per unit:
    /// unit id, head text, current submission blob ("" = none), current published blob ("" = none).
    /// </summary>
    public const string ReadPartition = """
        local heads = redis.call('HGETALL', KEYS[1])
        local out = {redis.call('GET', KEYS[3]) or '0'}
        for i = 1, #heads, 2 do
          local unit = heads[i]
          local h = heads[i + 1]
          local sv, pv = string.match(h, '^(%d+)|(%d+)|')
          local sb = ''
          local pb = ''
          if sv ~= '0' then sb = redis.call('HGET', KEYS[2], unit .. '|s|' .. sv) or '' end
          if pv ~= '0' then pb = redis.call('HGET', KEYS[2], unit .. '|p|' .. pv) or '' end
          out[#out + 1] = unit
          out[#out + 1] = h
          out[#out + 1] = sb
          out[#out + 1] = pb
        end
        return out
        """;

    /// <summary>KEYS: 1 heads, 2 rev. Returns the revision then unit, head pairs (no blobs).</summary>
    public const string ReadHeads = """
        local out = {redis.call('GET', KEYS[2]) or '0'}
        local heads = redis.call('HGETALL', KEYS[1])
        for i = 1, #heads do out[#out + 1] = heads[i] end
        return out
        """;

    /// <summary>
    /// KEYS: 1 rev, 2 cache. ARGV: 1 revision, 2 value, 3 time to live in milliseconds. Sets the
    /// cache, with its expiry, only while the revision is current.
    /// </summary>
    public const string SetCacheIfCurrent = """
        if (redis.call('GET', KEYS[1]) or '0') == ARGV[1] then
          redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3])
          return 1
        end
        return 0
        """;
}
