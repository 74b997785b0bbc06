using ScriptProxy.Abstractions.Types;

namespace ScriptProxy.Node.Schema;

/// <summary>One column. Position is the index within the partition key or clustering key, -1 otherwise (as Cassandra stores it).</summary>
internal sealed record ColumnMetadata(string Name, CqlType Type, ColumnKind Kind, int Position, bool Descending)
{
    public bool IsPrimaryKey => Kind is ColumnKind.PartitionKey or ColumnKind.Clustering;

    public string KindText => Kind switch
    {
        ColumnKind.PartitionKey => "partition_key",
        ColumnKind.Clustering => "clustering",
        ColumnKind.Static => "static",
        _ => "regular",
    };

    public string ClusteringOrderText => Kind == ColumnKind.Clustering ? (Descending ? "desc" : "asc") : "none";
}
