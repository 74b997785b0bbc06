namespace ScriptProxy.Transforms.Mirroring;

/// <summary>What <see cref="Tee"/> does when the two clusters answer differently.</summary>
public enum TeeMismatch
{
    /// <summary>Do not compare.</summary>
    Ignore,
    /// <summary>Log a warning with both answers; the client gets the result source's answer.</summary>
    LogOnMismatch,
    /// <summary>Answer the client with ERROR ServerError describing the difference.</summary>
    FailOnMismatch,
}
