namespace ScriptProxy.Abstractions.Stages;

/// <summary>What a request does, as filters see it. EXECUTE is classified by its prepared statement, BATCH by its children.</summary>
public enum StatementKind
{
    /// <summary>SELECT.</summary>
    Read,
    /// <summary>INSERT, UPDATE, DELETE, TRUNCATE, and batches containing any of them.</summary>
    Write,
    /// <summary>CREATE, ALTER, DROP.</summary>
    Schema,
    /// <summary>Everything else: STARTUP, OPTIONS, REGISTER, AUTH_RESPONSE, USE, PREPARE itself.</summary>
    Other,
}
