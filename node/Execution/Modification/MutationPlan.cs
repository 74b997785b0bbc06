using ScriptProxy.Node.Schema;
using ScriptProxy.Node.Storage;

namespace ScriptProxy.Node.Execution.Modification;

/// <summary>
/// The effect of one statement on one partition, ready to run under that partition's lock. A conditional (LWT)
/// plan has a <see cref="Check"/> that decides, under the same lock, whether <see cref="Apply"/> runs.
/// </summary>
internal sealed class MutationPlan(TableMetadata table, PartitionKey key, Action<Partition, long> apply)
{
    public TableMetadata Table { get; } = table;

    public PartitionKey Key { get; } = key;

    public Action<Partition, long> Apply { get; } = apply;

    public LwtCheck? Check { get; init; }
}
