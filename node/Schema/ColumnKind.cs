namespace ScriptProxy.Node.Schema;

/// <summary>The kinds system_schema.columns names (partition_key, clustering, regular, static).</summary>
internal enum ColumnKind
{
    PartitionKey,
    Clustering,
    Static,
    Regular,
}
