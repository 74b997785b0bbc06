using ScriptProxy.Abstractions.Messages;

namespace ScriptProxy.Node.Execution.Modification;

/// <summary>An LWT verdict: [applied] plus, when not applied, the current values Cassandra reports.</summary>
internal sealed record ConditionOutcome(bool Applied, IReadOnlyList<ColumnSpec> Columns, object?[] Values);
