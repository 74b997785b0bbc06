using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Abstractions.Types;
using ScriptProxy.Abstractions.Wire;
using ScriptProxy.Client;
using ScriptProxy.Node.Hosting;

namespace ScriptProxy.Node.Tests.Hosting;

/// <summary>Small helpers for talking to one node of an <see cref="EmbeddedCluster"/> with our own client.</summary>
internal static class ClusterQueries
{
    public static Task<CqlConnection> ConnectAsync(EmbeddedCluster cluster, int node, CancellationToken ct) =>
        CqlConnection.ConnectAsync(cluster.EndPointOf(node), null, ct);

    /// <summary>Runs a query and returns its rows as column name → decoded value.</summary>
    public static async Task<List<Dictionary<string, object?>>> RowsAsync(CqlConnection connection, string cql, CancellationToken ct)
    {
        var rows = Assert.IsType<RowsResult>(await connection.QueryAsync(cql, Consistency.One, ct));
        var columns = rows.Columns!;
        var result = new List<Dictionary<string, object?>>();
        for (int r = 0; r < rows.RowCount; r++)
        {
            var row = new Dictionary<string, object?>();
            for (int c = 0; c < columns.Count; c++)
            {
                var cell = rows.GetCell(r, c);
                row[columns[c].Name] = cell.IsNull ? null : CqlValueCodec.Decode(columns[c].Type, cell.Bytes.Span, connection.Version);
            }
            result.Add(row);
        }
        return result;
    }

    /// <summary>The serialized partition key of an int key (4 bytes big-endian), whose Murmur3 token decides the owner.</summary>
    public static byte[] IntKey(int value)
    {
        var bytes = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(bytes, value);
        return bytes;
    }

    /// <summary>The first int key from <paramref name="start"/> whose partition node <paramref name="owner"/> owns.</summary>
    public static int KeyOwnedBy(EmbeddedCluster cluster, int owner, int start = 0)
    {
        for (int k = start; ; k++)
        {
            if (cluster.OwnerOf(EmbeddedCluster.TokenOfKey(IntKey(k))) == owner) return k;
        }
    }
}
