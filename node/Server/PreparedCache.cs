using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using ScriptProxy.Node.Execution.Prepare;

namespace ScriptProxy.Node.Server;

/// <summary>
/// Prepared statements of a node, shared by all connections. Ids are MD5(keyspace + query) as in Cassandra, so
/// re-preparing the same text returns the same id and a driver re-preparing after Unprepared gets it back.
/// </summary>
internal sealed class PreparedCache
{
    private readonly ConcurrentDictionary<string, PreparedInfo> _byId = new(StringComparer.Ordinal);

    public static byte[] IdFor(string? keyspace, string query) => MD5.HashData(Encoding.UTF8.GetBytes((keyspace ?? "") + "\u0000" + query));

    public void Add(PreparedInfo info) => _byId[Convert.ToHexString(info.Id)] = info;

    public PreparedInfo? Find(ReadOnlySpan<byte> id) => _byId.GetValueOrDefault(Convert.ToHexString(id));

    /// <summary>Forgets everything (schema changes can change result metadata; drivers re-prepare on Unprepared).</summary>
    public void Clear() => _byId.Clear();
}
