namespace ScriptProxy.Node.Schema;

/// <summary>Cassandra 4.0's table options with their defaults; WITH values are merged over these and unknown names refused.</summary>
internal static class TableOptions
{
    public static IReadOnlyDictionary<string, object> Defaults { get; } = new Dictionary<string, object>(StringComparer.Ordinal)
    {
        ["additional_write_policy"] = "99p",
        ["bloom_filter_fp_chance"] = "0.01",
        ["caching"] = new Dictionary<string, string> { ["keys"] = "ALL", ["rows_per_partition"] = "NONE" },
        ["cdc"] = "false",
        ["comment"] = "",
        ["compaction"] = new Dictionary<string, string>
        {
            ["class"] = "org.apache.cassandra.db.compaction.SizeTieredCompactionStrategy",
            ["max_threshold"] = "32",
            ["min_threshold"] = "4",
        },
        ["compression"] = new Dictionary<string, string>
        {
            ["chunk_length_in_kb"] = "16",
            ["class"] = "org.apache.cassandra.io.compress.LZ4Compressor",
        },
        ["crc_check_chance"] = "1.0",
        ["default_time_to_live"] = "0",
        ["gc_grace_seconds"] = "864000",
        ["max_index_interval"] = "2048",
        ["memtable_flush_period_in_ms"] = "0",
        ["min_index_interval"] = "128",
        ["read_repair"] = "BLOCKING",
        ["speculative_retry"] = "99p",
    };

    /// <summary>Old option names drivers and users still send; accepted and ignored.</summary>
    private static readonly HashSet<string> Ignored = ["dclocal_read_repair_chance", "read_repair_chance", "id", "extensions", "nodesync"];

    public static Dictionary<string, object> Merge(IReadOnlyDictionary<string, object> current, IReadOnlyDictionary<string, object> given)
    {
        var merged = new Dictionary<string, object>(current, StringComparer.Ordinal);
        foreach (var (k, v) in given)
        {
            if (Ignored.Contains(k)) continue;
            if (!Defaults.ContainsKey(k)) throw Execution.CqlException.Invalid($"Unknown property '{k}'");
            merged[k] = v;
        }
        return merged;
    }
}
