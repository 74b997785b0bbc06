using ScriptProxy.Host.Stages;

namespace ScriptProxy.Host.Scripting;

/// <summary>Reads a script's text for a build; an unreadable file becomes a diagnostic, never an exception.</summary>
internal static class ScriptSource
{
    public static async Task<(string? Text, StageBuildResult? Failure)> ReadAsync(string path, string displayName)
    {
        try
        {
            return (await File.ReadAllTextAsync(path).ConfigureAwait(false), null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, StageBuildResult.Failed(StageDiagnostic.General(displayName, "SP0001", $"cannot read the script: {e.Message}")));
        }
    }
}
