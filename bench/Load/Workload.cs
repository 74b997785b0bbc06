namespace ScriptProxy.Bench.Load;

/// <summary>The statements a run sends (after shotover's windsock Cassandra benches).</summary>
public enum Workload
{
    /// <summary>Prepared INSERT of a 16-byte blob by bigint key.</summary>
    WriteBlob,
    /// <summary>Prepared SELECT of a bigint by bigint key.</summary>
    ReadI64,
    /// <summary>50/50 of the two, alternating.</summary>
    Mixed,
}

public static class WorkloadNames
{
    public static string Name(this Workload w) => w switch
    {
        Workload.WriteBlob => "write_blob",
        Workload.ReadI64 => "read_i64",
        _ => "mixed",
    };

    public static Workload Parse(string s) => s.ToLowerInvariant().Replace("-", "_", StringComparison.Ordinal) switch
    {
        "write_blob" or "write" => Workload.WriteBlob,
        "read_i64" or "read" => Workload.ReadI64,
        "mixed" => Workload.Mixed,
        _ => throw new ArgumentException($"unknown workload '{s}': expected write_blob, read_i64 or mixed"),
    };
}
