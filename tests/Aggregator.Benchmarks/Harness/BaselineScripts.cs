namespace Aggregator.Benchmarks.Harness;

/// <summary>
/// Earlier versions of the store's scripts, kept so the floor phase can measure a change against
/// them in the same run (issue 16). Not used by the server.
/// </summary>
internal static class BaselineScripts
{
    /// <summary><c>LuaScripts.Apply</c> before issue 16: one HSET or RPUSH per submission and hash (five or six commands per submission).</summary>
    public const string ApplyOneCommandPerSubmission = AuditAppendFunction + """
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
          for _, b in ipairs(ok) do
            if ARGV[b + 5] ~= '' then redis.call('HSET', KEYS[2], ARGV[b + 5], ARGV[b + 6]) end
            redis.call('RPUSH', KEYS[tonumber(ARGV[b + 7])], ARGV[b + 8])
            if ARGV[b + 10] ~= '' then entries[#entries + 1] = ARGV[b + 10] end
          end
        end
        for j = 1, tonumber(ARGV[t + 2]) do entries[#entries + 1] = ARGV[t + 2 + j] end
        audit_append(KEYS[5], KEYS[6], entries, tonumber(ARGV[t + 1]))
        if #ok > 0 then
          for _, b in ipairs(ok) do
            if ARGV[b + 3] ~= '' then redis.call('HSET', KEYS[3], ARGV[b + 3], ARGV[b + 4]) end
          end
          for _, b in ipairs(ok) do
            redis.call('HSET', KEYS[1], ARGV[b], ARGV[b + 2])
          end
          res[n + 1] = redis.call('INCR', KEYS[4])
          redis.call('PUBLISH', ARGV[t], res[n + 1])
        end
        return res
        """;

    private const string AuditAppendFunction = """
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
          for _, e in ipairs(entries) do
            last = last + 1
            local s = string.format('%d', last)
            local hash = redis.sha1hex(prev .. '|' .. s .. '|' .. e)
            redis.call('HSET', hkey, s, s .. '|' .. prev .. '|' .. hash .. '|' .. e)
            prev = hash
          end
          local trimmed = 0
          while max > 0 and last - first + 1 > max and trimmed < 1000 do
            redis.call('HDEL', hkey, string.format('%d', first))
            first = first + 1
            trimmed = trimmed + 1
          end
          redis.call('SET', headk, string.format('%d', first) .. '|' .. string.format('%d', last) .. '|' .. prev)
        end

        """;
}
