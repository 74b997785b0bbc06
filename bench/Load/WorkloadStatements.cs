using System.Buffers.Binary;
using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Abstractions.Wire;
using ScriptProxy.Client;

namespace ScriptProxy.Bench.Load;

/// <summary>
/// The schema, the prepared statements and pre-encoded EXECUTE bodies of the workloads. A request is built by
/// patching the bigint key into a copy of the template (the key is the last 8 bytes of its value), so the load
/// generator encodes nothing per request.
/// </summary>
public sealed class WorkloadStatements
{
    public const int ReadKeys = 1000;
    public const int WriteKeys = 10_000;
    private const string Keyspace = "bench";
    private const string WriteCql = "INSERT INTO bench.blobs (id, data) VALUES (?, ?)";
    private const string ReadCql = "SELECT v FROM bench.ints WHERE id = ?";

    private WorkloadStatements(byte[] write, int writeKeyOffset, byte[] read, int readKeyOffset)
    {
        WriteTemplate = write;
        WriteKeyOffset = writeKeyOffset;
        ReadTemplate = read;
        ReadKeyOffset = readKeyOffset;
    }

    public byte[] WriteTemplate { get; }

    public int WriteKeyOffset { get; }

    public byte[] ReadTemplate { get; }

    public int ReadKeyOffset { get; }

    /// <summary>Creates the keyspace and tables (idempotent) and fills the rows read_i64 reads.</summary>
    public static async Task CreateSchemaAsync(CqlConnection connection)
    {
        await connection.QueryAsync($"CREATE KEYSPACE IF NOT EXISTS {Keyspace} WITH replication = {{'class': 'SimpleStrategy', 'replication_factor': 1}}").ConfigureAwait(false);
        await connection.QueryAsync($"CREATE TABLE IF NOT EXISTS {Keyspace}.blobs (id bigint PRIMARY KEY, data blob)").ConfigureAwait(false);
        await connection.QueryAsync($"CREATE TABLE IF NOT EXISTS {Keyspace}.ints (id bigint PRIMARY KEY, v bigint)").ConfigureAwait(false);
        var insert = await connection.PrepareAsync($"INSERT INTO {Keyspace}.ints (id, v) VALUES (?, ?)").ConfigureAwait(false);
        var tasks = new List<Task>(ReadKeys);
        for (long id = 0; id < ReadKeys; id++) tasks.Add(connection.ExecuteAsync(insert, id, id * 7));
        await Task.WhenAll(tasks).ConfigureAwait(false);
    }

    /// <summary>Prepares both statements on <paramref name="connection"/> and builds the EXECUTE templates.</summary>
    public static async Task<WorkloadStatements> PrepareAsync(CqlConnection connection)
    {
        var write = await connection.PrepareAsync(WriteCql).ConfigureAwait(false);
        var read = await connection.PrepareAsync(ReadCql).ConfigureAwait(false);
        byte version = connection.Version;
        var blob = new byte[16];
        for (int i = 0; i < blob.Length; i++) blob[i] = (byte)(0xA0 + i);
        byte[] writeBody = Encode(write, version, [Key(0), new CqlValueSlice(blob)]);
        byte[] readBody = Encode(read, version, [Key(0)]);
        // Values are last in the body (no paging or other flags): [int 8][key] then, for writes, [int 16][blob].
        return new WorkloadStatements(writeBody, writeBody.Length - (4 + blob.Length) - 8, readBody, readBody.Length - 8);
    }

    /// <summary>Copies the request for operation <paramref name="sequence"/> into <paramref name="buffer"/>; returns its length.</summary>
    public int Build(Workload workload, long sequence, Span<byte> buffer)
    {
        bool write = workload == Workload.WriteBlob || (workload == Workload.Mixed && (sequence & 1) == 0);
        var template = write ? WriteTemplate : ReadTemplate;
        template.CopyTo(buffer);
        long key = write ? sequence % WriteKeys : sequence % ReadKeys;
        BinaryPrimitives.WriteInt64BigEndian(buffer[(write ? WriteKeyOffset : ReadKeyOffset)..], key);
        return template.Length;
    }

    public int MaxLength => Math.Max(WriteTemplate.Length, ReadTemplate.Length);

    private static CqlValueSlice Key(long id)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(bytes, id);
        return new CqlValueSlice(bytes);
    }

    private static byte[] Encode(PreparedResult prepared, byte version, CqlValueSlice[] values)
    {
        var request = new ExecuteRequest(prepared.Id, version >= ProtocolVersion.V5 ? prepared.ResultMetadataId : null,
            new QueryParameters(Consistency.One) { Values = values, SkipMetadata = true });
        using var frame = FrameEncoder.ToFrame(version, false, FrameFlags.None, 0, request);
        return frame.Body.ToArray();
    }
}
