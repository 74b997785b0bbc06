using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Abstractions.Wire;

namespace ScriptProxy.Client;

/// <summary>The server answered with an ERROR where the helper expected a result.</summary>
public sealed class CqlServerException : Exception
{
    public CqlServerException(ErrorResponse error)
        : base($"CQL error 0x{(int)error.Code:X4} ({error.Code}): {error.Message}")
    {
        Error = error;
    }

    public CqlServerException()
        : this(ErrorResponse.Server("unknown error"))
    {
    }

    public CqlServerException(string message)
        : this(ErrorResponse.Server(message))
    {
    }

    public CqlServerException(string message, Exception innerException)
        : base(message, innerException)
    {
        Error = ErrorResponse.Server(message);
    }

    /// <summary>The server's ERROR.</summary>
    public ErrorResponse Error { get; }

    /// <summary>The error code.</summary>
    public ErrorCode Code => Error.Code;
}
