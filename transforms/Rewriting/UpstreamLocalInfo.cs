using ScriptProxy.Abstractions.Stages;

namespace ScriptProxy.Transforms.Rewriting;

/// <summary>
/// What the fleet's peer rows copy from the upstream's own system.local row, so that drivers put every proxy in the
/// same data center as the one they connected to (DC-aware policies ignore remote DCs) and schema agreement compares
/// real schema versions. Learnt from every system.local answer that passes; partial answers (a schema-agreement
/// <c>SELECT schema_version FROM system.local</c>) update only what they carry.
/// </summary>
/// <param name="DataCenter">data_center.</param>
/// <param name="Rack">rack.</param>
/// <param name="ReleaseVersion">release_version, e.g. "4.0.11".</param>
/// <param name="SchemaVersion">schema_version.</param>
public sealed record UpstreamLocalInfo(string? DataCenter, string? Rack, string? ReleaseVersion, Guid? SchemaVersion)
{
    /// <summary>Nothing learnt yet.</summary>
    public static UpstreamLocalInfo Unknown { get; } = new(null, null, null, null);

    /// <summary>This info updated with the columns row <paramref name="row"/> of <paramref name="response"/> has.</summary>
    public UpstreamLocalInfo With(ICqlResponse response, int row)
    {
        var result = this;
        foreach (var column in response.Columns)
        {
            var value = response.GetCell(row, column.Name);
            if (value is null) continue;
            result = column.Name switch
            {
                "data_center" when value is string dc => result with { DataCenter = dc },
                "rack" when value is string rack => result with { Rack = rack },
                "release_version" when value is string release => result with { ReleaseVersion = release },
                "schema_version" when value is Guid schema => result with { SchemaVersion = schema },
                _ => result,
            };
        }
        return result;
    }

    /// <summary>False when release_version says Cassandra before 4.0, which has no system.peers_v2 (unknown: true).</summary>
    public bool HasPeersV2 =>
        ReleaseVersion is not { Length: > 0 } v || !int.TryParse(v.Split('.')[0], out int major) || major >= 4;
}
