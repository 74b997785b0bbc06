using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Abstractions.Wire;

namespace ScriptProxy.Abstractions.Tests.Messages;

/// <summary>Request frames written by hand from spec section 4.1 (v3, v4, v5).</summary>
internal static class RequestGoldens
{
    internal static ReadOnlyMemory<byte> M(params byte[] b) => b;

    internal static CqlValueSlice V(params byte[] b) => new(b);

    public static IEnumerable<GoldenCase> All()
    {
        yield return new("startup-v4", "04 00 0000 01 LEN  0001  000B 'CQL_VERSION' 0005 '3.0.0'",
            () => new StartupRequest(new Dictionary<string, string> { ["CQL_VERSION"] = "3.0.0" }));
        yield return new("startup-v5-compression", "05 00 0000 01 LEN  0002  000B 'CQL_VERSION' 0005 '3.0.0' 000B 'COMPRESSION' 0003 'lz4'",
            () => new StartupRequest(new Dictionary<string, string> { ["CQL_VERSION"] = "3.0.0", ["COMPRESSION"] = "lz4" }));
        yield return new("auth-response-v4", "04 00 0002 0F LEN  00000014 00 'cassandra' 00 'cassandra'",
            () => new AuthResponseRequest(M([0, .. "cassandra"u8, 0, .. "cassandra"u8])));
        yield return new("auth-response-null-v3", "03 00 0002 0F LEN  FFFFFFFF", () => new AuthResponseRequest(null));
        yield return new("options-v3", "03 00 0000 05 00000000", () => OptionsRequest.Instance);
        yield return new("options-v5", "05 00 0001 05 00000000", () => OptionsRequest.Instance);

        // QUERY: flags are a [byte] in v3/v4.
        yield return new("query-simple-v3", "03 00 0005 07 LEN  00000008 'SELECT 1'  0001 00",
            () => new QueryRequest("SELECT 1", Consistency.One));
        yield return new("query-all-v4-flags-v4",
            "04 00 0006 07 LEN  0000000A 'SELECT ?,?'  0004 3D  0002 00000004 0000002A FFFFFFFE  00001388  00000003 AABBCC  0009  0000018BCFE56800",
            () => new QueryRequest("SELECT ?,?", new QueryParameters(Consistency.Quorum)
            {
                Values = [V(0, 0, 0, 42), CqlValueSlice.Unset],
                PageSize = 5000,
                PagingState = M(0xAA, 0xBB, 0xCC),
                SerialConsistency = Consistency.LocalSerial,
                DefaultTimestamp = 0x0000018BCFE56800L,
            }));
        yield return new("query-named-values-v4", "04 00 0007 07 LEN  0000000A 'SELECT ?,?'  0001 41  0002 0001 'a' 00000001 07 0001 'b' FFFFFFFF",
            () => new QueryRequest("SELECT ?,?", new QueryParameters(Consistency.One) { Values = [V(7), CqlValueSlice.Null], ValueNames = ["a", "b"] }));
        yield return new("query-skip-metadata-v3", "03 00 0007 07 LEN  00000008 'SELECT 1'  000A 02",
            () => new QueryRequest("SELECT 1", new QueryParameters(Consistency.LocalOne) { SkipMetadata = true }));
        // v5: flags are an [int]; 0x1FF sets every flag including keyspace (0x80) and now_in_seconds (0x100).
        yield return new("query-all-flags-v5",
            "05 00 0008 07 LEN  00000008 'SELECT ?'  0006 000001FF  0001 0001 'x' 00000000  00000064  00000001 01  0008  0000000000000001  0002 'ks'  0000000A",
            () => new QueryRequest("SELECT ?", new QueryParameters(Consistency.LocalQuorum)
            {
                Values = [V()],
                ValueNames = ["x"],
                SkipMetadata = true,
                PageSize = 100,
                PagingState = M(1),
                SerialConsistency = Consistency.Serial,
                DefaultTimestamp = 1,
                Keyspace = "ks",
                NowInSeconds = 10,
            }));
        yield return new("query-empty-values-v5", "05 00 0008 07 LEN  00000001 'Q'  0000 00000001  0000",
            () => new QueryRequest("Q", new QueryParameters(Consistency.Any) { Values = [] }));

        // PREPARE: v5 adds [int] flags and the optional keyspace.
        yield return new("prepare-v4", "04 00 0009 09 LEN  0000000A 'SELECT ?,?'", () => new PrepareRequest("SELECT ?,?"));
        yield return new("prepare-v5", "05 00 0009 09 LEN  0000000A 'SELECT ?,?' 00000000", () => new PrepareRequest("SELECT ?,?"));
        yield return new("prepare-keyspace-v5", "05 00 0009 09 LEN  0000000A 'SELECT ?,?' 00000001 0002 'ks'", () => new PrepareRequest("SELECT ?,?", "ks"));

        // EXECUTE: v5 adds result_metadata_id.
        yield return new("execute-v4", "04 00 000A 0A LEN  0002 CAFE  0001 01 0001 00000004 0000002A",
            () => new ExecuteRequest(M(0xCA, 0xFE), null, new QueryParameters(Consistency.One) { Values = [V(0, 0, 0, 42)] }));
        yield return new("execute-v3", "03 00 000A 0A LEN  0001 01  0005 00",
            () => new ExecuteRequest(M(1), null, new QueryParameters(Consistency.All)));
        yield return new("execute-v5", "05 00 000A 0A LEN  0002 CAFE  0002 BEEF  0001 00000002",
            () => new ExecuteRequest(M(0xCA, 0xFE), M(0xBE, 0xEF), new QueryParameters(Consistency.One) { SkipMetadata = true }));

        // BATCH: flags after the statements; [byte] in v3/v4, [int] in v5.
        yield return new("batch-unlogged-v3",
            "03 00 000B 0D LEN  01 0002  00 00000008 'INSERT 1' 0000  01 0002 CAFE 0001 00000001 05  0004 30 0009 0000000000000010",
            () => new BatchRequest(BatchType.Unlogged, [BatchStatement.ForQuery("INSERT 1"), BatchStatement.ForPrepared(M(0xCA, 0xFE), [V(5)])], Consistency.Quorum)
            {
                SerialConsistency = Consistency.LocalSerial,
                DefaultTimestamp = 16,
            });
        yield return new("batch-logged-v4", "04 00 000B 0D LEN  00 0001  00 00000008 'INSERT 1' 0001 FFFFFFFE  0001 00",
            () => new BatchRequest(BatchType.Logged, [BatchStatement.ForQuery("INSERT 1", [CqlValueSlice.Unset])], Consistency.One));
        yield return new("batch-counter-v5", "05 00 000B 0D LEN  02 0001  01 0001 AB 0000  0001 00000180 0002 'ks' 00000007",
            () => new BatchRequest(BatchType.Counter, [BatchStatement.ForPrepared(M(0xAB))], Consistency.One) { Keyspace = "ks", NowInSeconds = 7 });

        yield return new("register-v4", "04 00 000C 0B LEN  0003 000F 'TOPOLOGY_CHANGE' 000D 'STATUS_CHANGE' 000D 'SCHEMA_CHANGE'",
            () => new RegisterRequest([EventTypes.TopologyChange, EventTypes.StatusChange, EventTypes.SchemaChange]));

        // Envelope on requests: tracing (0x02) adds nothing to the body; custom payload (0x04) precedes the message.
        yield return new("query-tracing-payload-v4", "04 06 000D 07 LEN  0001 0001 'p' FFFFFFFF  00000001 'Q' 0001 00",
            () => new QueryRequest("Q", Consistency.One),
            new MessageEnvelope(CustomPayload: new Dictionary<string, ReadOnlyMemory<byte>?> { ["p"] = null }));
        yield return new("execute-payload-v5", "05 04 000E 0A LEN  0001 0001 'k' 00000002 0102  0001 AA 0001 BB 0001 00000000",
            () => new ExecuteRequest(M(0xAA), M(0xBB), new QueryParameters(Consistency.One)),
            new MessageEnvelope(CustomPayload: new Dictionary<string, ReadOnlyMemory<byte>?> { ["k"] = M(1, 2) }));
        // Flags the spec says to ignore: custom payload on STARTUP, and any payload in v3 (no such feature).
        yield return new("startup-ignored-payload-flag-v4", "04 04 0000 01 LEN  0000", () => new StartupRequest(new Dictionary<string, string>()), EncodeToo: false);
        yield return new("query-ignored-payload-flag-v3", "03 04 0000 07 LEN  00000001 'Q' 0001 00", () => new QueryRequest("Q", Consistency.One), EncodeToo: false);
        // 0x80 is no flag in v4 (the byte had 7 defined bits): ignored, and no keyspace is read.
        yield return new("query-unknown-flag-bit-v4", "04 00 0000 07 LEN  00000001 'Q' 0001 80", () => new QueryRequest("Q", Consistency.One), EncodeToo: false);
    }
}
