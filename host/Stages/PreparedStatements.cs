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

    public PreparedStatement? Find(ReadOnlySpan<byte> id) => _byId.TryGetValue(Convert.ToHexString(id), out var statement) ? statement : null;
}
