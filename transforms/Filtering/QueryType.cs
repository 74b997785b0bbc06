namespace ScriptProxy.Transforms.Filtering;

/// <summary>The statement classes a <see cref="QueryTypeFilter"/> list names.</summary>
public enum QueryType
{
    /// <summary>SELECT (and EXECUTE of a prepared SELECT).</summary>
    Read,
    /// <summary>INSERT, UPDATE, DELETE, TRUNCATE, BATCH (and EXECUTE of a prepared write).</summary>
    Write,
    /// <summary>Shorthand for both Read and Write.</summary>
    ReadWrite,
    /// <summary>CREATE, ALTER, DROP.</summary>
    SchemaChange,
}
