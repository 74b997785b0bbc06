namespace ScriptProxy.Abstractions.Messages;

/// <summary>&lt;target&gt; of a schema change (spec 4.2.6). FUNCTION and AGGREGATE exist from v4.</summary>
public enum SchemaChangeTarget
{
    Keyspace,
    Table,
    Type,
    Function,
    Aggregate,
}
