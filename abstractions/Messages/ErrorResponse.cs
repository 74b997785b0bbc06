using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Abstractions.Wire;

namespace ScriptProxy.Abstractions.Messages;

/// <summary>
/// ERROR (spec 4.2.1): <c>&lt;code&gt;&lt;message&gt;[details]</c>. Codes with extra content carry a matching
/// <see cref="ErrorDetails"/>; unknown codes are kept as-is (no details) so a proxy can relay them.
/// </summary>
public sealed record ErrorResponse : IResponse
{
    /// <summary>Creates an error; <paramref name="details"/> is required exactly for codes that have a body tail.</summary>
    /// <exception cref="ArgumentException">Details missing, superfluous or of the wrong kind for <paramref name="code"/>.</exception>
    public ErrorResponse(ErrorCode code, string message, ErrorDetails? details = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (details is null ? ErrorDetails.HasDetails(code) : !details.AppliesTo(code))
            throw new ArgumentException($"Error code {code} needs {(ErrorDetails.HasDetails(code) ? "matching" : "no")} details, got {details?.GetType().Name ?? "none"}", nameof(details));
        Code = code;
        Message = message;
        Details = details;
    }

    /// <summary>The [int] error code.</summary>
    public ErrorCode Code { get; }

    /// <summary>The [string] error message.</summary>
    public string Message { get; }

    /// <summary>Code-specific content, or null for codes without any.</summary>
    public ErrorDetails? Details { get; }

    /// <inheritdoc />
    public Opcode Opcode => Opcode.Error;

    /// <summary>Protocol error (0x000A).</summary>
    public static ErrorResponse Protocol(string message) => new(ErrorCode.ProtocolError, message);

    /// <summary>Server error (0x0000).</summary>
    public static ErrorResponse Server(string message) => new(ErrorCode.ServerError, message);

    /// <summary>Invalid query (0x2200).</summary>
    public static ErrorResponse Invalid(string message) => new(ErrorCode.Invalid, message);

    /// <summary>Syntax error (0x2000).</summary>
    public static ErrorResponse Syntax(string message) => new(ErrorCode.SyntaxError, message);

    /// <summary>Unauthorized (0x2100).</summary>
    public static ErrorResponse Unauthorized(string message) => new(ErrorCode.Unauthorized, message);

    /// <summary>Authentication error (0x0100).</summary>
    public static ErrorResponse AuthenticationFailed(string message) => new(ErrorCode.AuthenticationError, message);

    /// <summary>Overloaded (0x1001).</summary>
    public static ErrorResponse Overloaded(string message) => new(ErrorCode.Overloaded, message);

    /// <summary>Unavailable (0x1000).</summary>
    public static ErrorResponse Unavailable(Consistency consistency, int required, int alive, string? message = null) =>
        new(ErrorCode.Unavailable, message ?? "Cannot achieve consistency level " + consistency, new UnavailableDetails(consistency, required, alive));

    /// <summary>Read_timeout (0x1200).</summary>
    public static ErrorResponse ReadTimeout(Consistency consistency, int received, int blockFor, bool dataPresent, string? message = null) =>
        new(ErrorCode.ReadTimeout, message ?? "Operation timed out", new ReadTimeoutDetails(consistency, received, blockFor, dataPresent));

    /// <summary>Write_timeout (0x1100).</summary>
    public static ErrorResponse WriteTimeout(Consistency consistency, int received, int blockFor, string writeType, string? message = null) =>
        new(ErrorCode.WriteTimeout, message ?? "Operation timed out", new WriteTimeoutDetails(consistency, received, blockFor, writeType));

    /// <summary>Already_exists (0x2400); pass "" as <paramref name="table"/> for a keyspace.</summary>
    public static ErrorResponse AlreadyExists(string keyspace, string table, string? message = null) =>
        new(ErrorCode.AlreadyExists, message ?? (table.Length == 0 ? $"Keyspace {keyspace} already exists" : $"Table {keyspace}.{table} already exists"), new AlreadyExistsDetails(keyspace, table));

    /// <summary>Unprepared (0x2500) for the unknown <paramref name="queryId"/>.</summary>
    public static ErrorResponse Unprepared(ReadOnlyMemory<byte> queryId, string? message = null) =>
        new(ErrorCode.Unprepared, message ?? $"Prepared query with ID {Convert.ToHexStringLower(queryId.Span)} not found", new UnpreparedDetails(queryId));

    /// <summary>The error to answer a malformed or refused request with (the exception's code, usually protocol error).</summary>
    public static ErrorResponse FromException(CqlProtocolException exception) =>
        ErrorDetails.HasDetails(exception.Code) ? Server(exception.Message) : new(exception.Code, exception.Message);

    /// <summary>Reads the body of an ERROR.</summary>
    public static ErrorResponse Read(ref CqlReader reader, byte version)
    {
        var code = (ErrorCode)reader.ReadInt();
        string message = reader.ReadString();
        return new ErrorResponse(code, message, ErrorDetails.Read(code, ref reader, version));
    }

    /// <inheritdoc />
    public void Write(ref CqlWriter writer, byte version)
    {
        writer.WriteInt((int)Code);
        writer.WriteString(Message);
        Details?.Write(ref writer, version);
    }
}
