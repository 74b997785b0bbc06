using System.Net;
using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Abstractions.Types;
using ScriptProxy.Abstractions.Wire;
using static ScriptProxy.Abstractions.Tests.Messages.RequestGoldens;

namespace ScriptProxy.Abstractions.Tests.Messages;

/// <summary>RESULT (every kind), EVENT (every type) and response preambles, by hand.</summary>
internal static class ResultGoldens
{
    private static ColumnSpec Col(string name, CqlType type, string ks = "ks", string table = "t") => new(ks, table, name, type);

    public static IEnumerable<GoldenCase> All()
    {
        yield return new("result-void-v4", "84 00 0001 08 LEN  00000001", () => ResultResponse.Void);
        yield return new("result-set-keyspace-v3", "83 00 0001 08 LEN  00000003 0002 'ks'", () => ResultResponse.SetKeyspace("ks"));
        yield return new("result-schema-keyspace-v3", "83 00 0001 08 LEN  00000005 0007 'DROPPED' 0008 'KEYSPACE' 0002 'ks'",
            () => ResultResponse.SchemaChanged(SchemaChange.ForKeyspace(SchemaChangeType.Dropped, "ks")));
        yield return new("result-schema-table-v4", "84 00 0001 08 LEN  00000005 0007 'CREATED' 0005 'TABLE' 0002 'ks' 0001 't'",
            () => ResultResponse.SchemaChanged(SchemaChange.ForTable(SchemaChangeType.Created, "ks", "t")));
        yield return new("result-schema-function-v4", "84 00 0001 08 LEN  00000005 0007 'UPDATED' 0008 'FUNCTION' 0002 'ks' 0002 'fn' 0002 0003 'int' 0004 'text'",
            () => ResultResponse.SchemaChanged(SchemaChange.ForFunction(SchemaChangeType.Updated, "ks", "fn", ["int", "text"])));

        // Rows: global table spec, two columns, two rows (one null cell).
        yield return new("result-rows-global-v4",
            "84 00 0001 08 LEN  00000002  00000001 00000002 0002 'ks' 0001 't' 0001 'a' 0009 0001 'b' 000D  00000002  00000004 00000001 00000001 'x'  00000004 00000002 FFFFFFFF",
            () => new RowsResultBuilder(new RowsMetadata([Col("a", CqlType.Int), Col("b", CqlType.Text)]))
                .AddRow(V(0, 0, 0, 1), V((byte)'x'))
                .AddRow(V(0, 0, 0, 2), CqlValueSlice.Null)
                .Build());
        // Per-column table specs, has-more-pages with a paging state, nested collection type, no rows.
        yield return new("result-rows-paging-v3",
            "83 00 0001 08 LEN  00000002  00000002 00000002 00000002 0102  0002 'ks' 0001 't' 0001 'm' 0021 000D 0020 0009  0002 'k2' 0002 't2' 0001 's' 0022 0010  00000000",
            () => new RowsResult(new RowsMetadata([Col("m", CqlType.MapOf(CqlType.Text, CqlType.ListOf(CqlType.Int))), Col("s", CqlType.SetOf(CqlType.Inet), "k2", "t2")], M(1, 2)), 0, M()));
        yield return new("result-rows-no-metadata-v4", "84 00 0001 08 LEN  00000002  00000004 00000003  00000001  00000000 FFFFFFFF 00000001 07",
            () => new RowsResultBuilder(RowsMetadata.NoMetadata(3)).AddRow(V(), CqlValueSlice.Null, V(7)).Build());
        // v5 METADATA_CHANGED (0x08) with the new metadata id before the table spec; UDT, tuple and custom types.
        yield return new("result-rows-metadata-changed-v5",
            "85 00 0001 08 LEN  00000002  00000009 00000001 0002 ABCD 0002 'ks' 0001 't'  0001 'u' 0030 0002 'ks' 0003 'udt' 0002 0001 'f' 0013 0001 'g' 0031 0002 000C 0000 0003 'foo'  00000000",
            () => new RowsResult(new RowsMetadata([Col("u", new UdtType("ks", "udt", [new UdtField("f", CqlType.Smallint), new UdtField("g", new TupleType([CqlType.Uuid, new CustomType("foo")]))]))])
            {
                NewMetadataId = M(0xAB, 0xCD),
            }, 0, M()));

        // Prepared: v3 has rows-style metadata, v4 adds pk_indexes, v5 adds result_metadata_id.
        yield return new("result-prepared-v3",
            "83 00 0001 08 LEN  00000004 0002 CAFE  00000001 00000001 0002 'ks' 0001 't' 0001 'a' 0009  00000004 00000000",
            () => new PreparedResult(M(0xCA, 0xFE), null, new PreparedMetadata([Col("a", CqlType.Int)]), RowsMetadata.Empty));
        yield return new("result-prepared-v4",
            "84 00 0001 08 LEN  00000004 0002 CAFE  00000001 00000002 00000001 0000 0002 'ks' 0001 't' 0001 'a' 0009 0001 'b' 000D  00000001 00000001 0002 'ks' 0001 't' 0001 'c' 0002",
            () => new PreparedResult(M(0xCA, 0xFE), null, new PreparedMetadata([Col("a", CqlType.Int), Col("b", CqlType.Text)], [0]),
                new RowsMetadata([Col("c", CqlType.Bigint)])));
        yield return new("result-prepared-v5",
            "85 00 0001 08 LEN  00000004 0002 CAFE 0002 BEEF  00000000 00000001 00000002 0001 0000 0002 'ks' 0001 't' 0001 'a' 0009  00000004 00000000",
            () => new PreparedResult(M(0xCA, 0xFE), M(0xBE, 0xEF), new PreparedMetadata([Col("a", CqlType.Int)], [1, 0]) { GlobalTableSpec = false }, RowsMetadata.Empty));

        // Events travel on stream -1.
        yield return new("event-topology-v4", "84 00 FFFF 0C LEN  000F 'TOPOLOGY_CHANGE' 0008 'NEW_NODE' 04 0A000001 00002352",
            () => new TopologyChangeEvent(TopologyChangeType.NewNode, new IPEndPoint(IPAddress.Parse("10.0.0.1"), 9042)));
        yield return new("event-topology-moved-v3", "83 00 FFFF 0C LEN  000F 'TOPOLOGY_CHANGE' 000A 'MOVED_NODE' 04 0A000001 00002352",
            () => new TopologyChangeEvent(TopologyChangeType.MovedNode, new IPEndPoint(IPAddress.Parse("10.0.0.1"), 9042)));
        yield return new("event-status-v5", "85 00 FFFF 0C LEN  000D 'STATUS_CHANGE' 0004 'DOWN' 10 20010DB8000000000000000000000001 00002352",
            () => new StatusChangeEvent(StatusChangeType.Down, new IPEndPoint(IPAddress.Parse("2001:db8::1"), 9042)));
        yield return new("event-schema-aggregate-v5", "85 00 FFFF 0C LEN  000D 'SCHEMA_CHANGE' 0007 'CREATED' 0009 'AGGREGATE' 0002 'ks' 0003 'agg' 0001 0006 'bigint'",
            () => new SchemaChangeEvent(SchemaChange.ForAggregate(SchemaChangeType.Created, "ks", "agg", ["bigint"])));
        yield return new("event-schema-type-v3", "83 00 FFFF 0C LEN  000D 'SCHEMA_CHANGE' 0007 'UPDATED' 0004 'TYPE' 0002 'ks' 0003 'udt'",
            () => new SchemaChangeEvent(SchemaChange.ForType(SchemaChangeType.Updated, "ks", "udt")));

        // Response preamble: [tracing id][warnings][custom payload], in that order.
        var tracing = Guid.Parse("00112233-4455-6677-8899-aabbccddeeff");
        yield return new("preamble-all-v4",
            "84 0E 0007 08 LEN  00112233445566778899AABBCCDDEEFF  0001 0004 'warn'  0001 0001 'k' 00000002 0102  00000001",
            () => ResultResponse.Void,
            new MessageEnvelope(tracing, ["warn"], new Dictionary<string, ReadOnlyMemory<byte>?> { ["k"] = M(1, 2) }));
        yield return new("preamble-tracing-v3", "83 02 0007 08 LEN  00112233445566778899AABBCCDDEEFF  00000001",
            () => ResultResponse.Void, new MessageEnvelope(tracing));
        yield return new("preamble-warnings-error-v5", "85 08 0007 00 LEN  0002 0001 'a' 0001 'b'  00002200 0001 'm'",
            () => ErrorResponse.Invalid("m"), new MessageEnvelope(Warnings: ["a", "b"]));
        // Warning and payload flags do not exist in v3: ignored, the body is the message.
        yield return new("preamble-v3-ignores-warning-flag", "83 0C 0007 08 LEN  00000001", () => ResultResponse.Void, EncodeToo: false);
    }
}
