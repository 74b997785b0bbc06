namespace ScriptProxy.Node.Execution.Results;

/// <summary>
/// A SCHEMA_CHANGE description, used both as a RESULT and as a pushed EVENT. ChangeType is CREATED/UPDATED/DROPPED,
/// Target KEYSPACE/TABLE/TYPE/FUNCTION/AGGREGATE; Name is null for a keyspace.
/// </summary>
internal sealed record SchemaChange(string ChangeType, string Target, string Keyspace, string? Name, IReadOnlyList<string>? ArgumentTypes = null);
