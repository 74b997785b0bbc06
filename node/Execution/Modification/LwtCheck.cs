using ScriptProxy.Node.Schema;
using ScriptProxy.Node.Storage;

namespace ScriptProxy.Node.Execution.Modification;

/// <summary>
/// One statement's LWT condition: the check run under the partition lock, the row it reads, and the columns its
/// conditions name (null for IF EXISTS / IF NOT EXISTS, which report the whole row). A failed conditional batch
/// reports every row its conditions read, with these columns (see <see cref="BatchCasResult"/>).
/// </summary>
internal sealed record LwtCheck(Func<Partition, long, ConditionOutcome> Evaluate, object?[] Clustering, IReadOnlyList<ColumnMetadata>? Columns);
