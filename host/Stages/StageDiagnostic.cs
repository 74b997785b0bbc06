namespace ScriptProxy.Host.Stages;

/// <summary>One compiler or loader message, located as <c>file:line:col</c> (1-based; 0 when unknown).</summary>
public sealed record StageDiagnostic(string File, int Line, int Column, string Severity, string Id, string Message)
{
    /// <summary>A message with no position (e.g. "file not found", "no IStage type").</summary>
    public static StageDiagnostic General(string file, string id, string message) => new(file, 0, 0, "error", id, message);

    /// <summary>The conventional compiler form, e.g. <c>scripts/a.csx:3:14: error CS1002: ; expected</c>.</summary>
    public override string ToString() => Line > 0
        ? $"{File}:{Line}:{Column}: {Severity} {Id}: {Message}"
        : $"{File}: {Severity} {Id}: {Message}";
}
