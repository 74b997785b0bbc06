using ScriptProxy.Abstractions.Types;

namespace ScriptProxy.Node.Execution.Results;

/// <summary>A result or bind-variable column: where it comes from, its name and type.</summary>
internal sealed record ColumnSpec(string Keyspace, string Table, string Name, CqlType Type);
