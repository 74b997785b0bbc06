namespace ScriptProxy.Abstractions.Wire;

/// <summary>A body or value that does not follow the spec. Carries the error code to answer with.</summary>
public class CqlProtocolException : Exception
{
    public CqlProtocolException(string message, ErrorCode code = ErrorCode.ProtocolError) : base(message) => Code = code;

    public ErrorCode Code { get; }

    internal static CqlProtocolException Truncated(string what, int needed, int remaining) =>
        new($"Truncated body: reading {what} needs {needed} bytes but only {remaining} remain");
}
