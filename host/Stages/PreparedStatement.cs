using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Abstractions.Stages;

namespace ScriptProxy.Host.Stages;

/// <summary>A prepared statement's text, bound-variable metadata and result columns, as seen in its PREPARE/PREPARED pair.</summary>
/// <param name="Query">The statement text.</param>
/// <param name="Variables">Bound variables (names and types).</param>
/// <param name="Result">Result columns: drivers ask EXECUTE to skip them in each answer, so stages read names from here.</param>
public sealed record PreparedStatement(string Query, PreparedMetadata Variables, RowsMetadata? Result = null)
{
    private Tuple<string?, string?>? _target;

    /// <summary>The keyspace and table the statement names (parsed once: every EXECUTE of it asks again).</summary>
    public (string? Keyspace, string? Table) Target
    {
        get
        {
            var target = Volatile.Read(ref _target);
            if (target is null)
            {
                var (keyspace, table) = StatementClassifier.Target(Query);
                target = Tuple.Create(keyspace, table);
                Volatile.Write(ref _target, target);
            }
            return (target.Item1, target.Item2);
        }
    }

    /// <summary>The statement's kind (parsed once).</summary>
    public StatementKind Kind
    {
        get
        {
            // 0 = not classified yet, otherwise the kind + 1 (an int is written atomically; a nullable enum may not be).
            int kind = Volatile.Read(ref _kind);
            if (kind == 0) Volatile.Write(ref _kind, kind = (int)StatementClassifier.Classify(Query) + 1);
            return (StatementKind)(kind - 1);
        }
    }

    private int _kind;
}
