namespace ScriptProxy.Abstractions.Messages;

/// <summary>&lt;change_type&gt; of a schema change (spec 4.2.6): CREATED, UPDATED or DROPPED.</summary>
public enum SchemaChangeType
{
    Created,
    Updated,
    Dropped,
}
