namespace Aggregator.Storage.Redis;

/// <summary>The Lua scripts of the store. Each touches the keys of one partition only.</summary>
internal static class LuaScripts
{
    /// <summary>Fields per item in <see cref="Apply"/>'s ARGV.</summary>
    public const int ApplyStride = 10;

    /// <summary>Result code: written.</summary>
    public const long Written = 0;

    /// <summary>Result code: the idempotency field already exists; the stored acknowledgement is returned.</summary>
    public const long Replayed = 1;

    /// <summary>Result code: the unit head changed since it was read (compare-and-set failed); nothing written.</summary>
    public const long Conflict = 2;

    /// <summary>
    /// Applies a batch of writes to one partition atomically. KEYS: 1 heads, 2 blobs, 3 idem, 4 rev,
    /// 5.. history lists. ARGV: 1 item count, then per item (stride 10): unit, expected head text
    /// ("" = none), new head text, idempotency field ("" = none), acknowledgement bytes, blob field
    /// ("" = none), blob bytes, index of the history key in KEYS, history entry bytes, "1" to write
    /// over an idempotency record left by an incomplete write; last: the
    /// events channel. Every item is checked (idempotency, then compare-and-set on the head text,
    /// with earlier items of the batch taken into account) before anything is written. Returns one
    /// {code, bytes} per item and, when something was written, the new revision last, which is also
    /// published once on the events channel (one message per write, however many units it holds).
    /// </summary>
    public const string Apply = """
        local n = tonumber(ARGV[1])
        local S = 10
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
        if #ok > 0 then
          -- Write-ahead order: the version blobs and history entries first, the idempotency
          -- records and heads (which make a version visible) last. Should a crash ever keep only a
          -- prefix of these writes (seen with embedded Garnet after SIGKILL), what survives is an
          -- unreferenced blob or history entry that the retry overwrites, never a head or an
          -- idempotency record pointing at a version that is not stored.
          for _, b in ipairs(ok) do
            if ARGV[b + 5] ~= '' then redis.call('HSET', KEYS[2], ARGV[b + 5], ARGV[b + 6]) end
            redis.call('RPUSH', KEYS[tonumber(ARGV[b + 7])], ARGV[b + 8])
          end
          for _, b in ipairs(ok) do
            if ARGV[b + 3] ~= '' then redis.call('HSET', KEYS[3], ARGV[b + 3], ARGV[b + 4]) end
          end
          for _, b in ipairs(ok) do
            redis.call('HSET', KEYS[1], ARGV[b], ARGV[b + 2])
          end
          res[n + 1] = redis.call('INCR', KEYS[4])
          redis.call('PUBLISH', ARGV[2 + n * S], res[n + 1])
        end
        return res
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
