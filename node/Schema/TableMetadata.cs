namespace ScriptProxy.Node.Schema;

/// <summary>
/// An immutable table definition. <see cref="Columns"/> is in SELECT * order: partition key, clustering,
/// then the other columns sorted by name, which is how Cassandra lists them.
/// </summary>
internal sealed class TableMetadata
{
    public TableMetadata(string keyspace, string name, Guid id, IReadOnlyList<ColumnMetadata> columns, IReadOnlyDictionary<string, object> options)
    {
        Keyspace = keyspace;
        Name = name;
        Id = id;
        PartitionKey = columns.Where(c => c.Kind == ColumnKind.PartitionKey).OrderBy(c => c.Position).ToArray();
        Clustering = columns.Where(c => c.Kind == ColumnKind.Clustering).OrderBy(c => c.Position).ToArray();
        Columns = PartitionKey.Concat(Clustering)
            .Concat(columns.Where(c => !c.IsPrimaryKey).OrderBy(c => c.Name, StringComparer.Ordinal)).ToArray();
        ByName = Columns.ToDictionary(c => c.Name, StringComparer.Ordinal);
        Options = options;
        IsCounter = columns.Any(c => c.Type.Code == Abstractions.Types.CqlTypeCode.Counter);
        HasStatics = columns.Any(c => c.Kind == ColumnKind.Static);
    }

    public string Keyspace { get; }

    public string Name { get; }

    public Guid Id { get; }

    public IReadOnlyList<ColumnMetadata> PartitionKey { get; }

    public IReadOnlyList<ColumnMetadata> Clustering { get; }

    public IReadOnlyList<ColumnMetadata> Columns { get; }

    public IReadOnlyDictionary<string, ColumnMetadata> ByName { get; }

    /// <summary>WITH options as given (string, number text or string map), merged over defaults.</summary>
    public IReadOnlyDictionary<string, object> Options { get; }

    public bool IsCounter { get; }

    public bool HasStatics { get; }

    /// <summary>Index name to target column for secondary indexes.</summary>
    public IReadOnlyDictionary<string, string> Indexes { get; init; } = new Dictionary<string, string>();

    public ColumnMetadata? Find(string name) => ByName.GetValueOrDefault(name);

    public int DefaultTtl => Options.TryGetValue("default_time_to_live", out var v) && int.TryParse(v as string, out int n) ? n : 0;

    public TableMetadata With(IReadOnlyList<ColumnMetadata>? columns = null, IReadOnlyDictionary<string, object>? options = null,
        IReadOnlyDictionary<string, string>? indexes = null) =>
        new(Keyspace, Name, Id, columns ?? Columns, options ?? Options) { Indexes = indexes ?? Indexes };
}
