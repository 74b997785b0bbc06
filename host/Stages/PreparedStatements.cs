using System.Collections.Concurrent;
using ScriptProxy.Abstractions.Messages;

namespace ScriptProxy.Host.Stages;

/// <summary>
/// What the proxy learnt from PREPARE/PREPARED pairs: prepared id → statement text and bound variables, so an
/// EXECUTE can be classified and its values read by name. Shared by every connection of one proxy (a driver
/// prepares once and executes on any connection; ids are per statement, not per connection). Bounded: when
/// full it is cleared, after which unknown ids are classified as Other until prepared again.
/// </summary>
public sealed class PreparedStatements
{
    private const int Capacity = 100_000;
    private readonly ConcurrentDictionary<string, PreparedStatement> _byId = new(StringComparer.Ordinal);

    /// <summary>Records a PREPARED answer for the statement text the PREPARE carried.</summary>
    public void Remember(ReadOnlySpan<byte> id, string query, PreparedMetadata variables, RowsMetadata? result = null)
    {
        if (_byId.Count >= Capacity) _byId.Clear();
        _byId[Convert.ToHexString(id)] = new PreparedStatement(query, variables, result);
    }

    /// <summary>
    /// Looks an id up without allocating (every staged EXECUTE does, some more than once): the hex key is formatted on
    /// the stack and matched through the dictionary's span lookup. Ids longer than 64 bytes (never seen; Cassandra's
    /// are 16) take the allocating path.
    /// </summary>
    public PreparedStatement? Find(ReadOnlySpan<byte> id)
    {
        if (id.Length > 64) return _byId.TryGetValue(Convert.ToHexString(id), out var found) ? found : null;
        Span<char> hex = stackalloc char[id.Length * 2];
        if (!Convert.TryToHexString(id, hex, out int written)) return null;
        return _spans.TryGetValue(hex[..written], out var statement) ? statement : null;
    }

    private readonly ConcurrentDictionary<string, PreparedStatement>.AlternateLookup<ReadOnlySpan<char>> _spans;

    public PreparedStatements() => _spans = _byId.GetAlternateLookup<ReadOnlySpan<char>>();
}
