using ScriptProxy.Abstractions.Types;

namespace ScriptProxy.Abstractions.Stages;

/// <summary>A result column: keyspace, table, name and type.</summary>
public sealed record ResultColumn(string Keyspace, string Table, string Name, CqlType Type);
