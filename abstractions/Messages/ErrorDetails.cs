using ScriptProxy.Abstractions.Wire;

namespace ScriptProxy.Abstractions.Messages;

/// <summary>
/// The code-specific tail of an ERROR body (spec section 8 of v5, 9 of v3/v4). Each subclass belongs to one or more
/// <see cref="ErrorCode"/>s; codes without extra content have no details.
/// </summary>
public abstract record ErrorDetails
{
    private protected ErrorDetails()
    {
    }

    /// <summary>True when this kind of details may follow an error with <paramref name="code"/>.</summary>
    public abstract bool AppliesTo(ErrorCode code);

    internal abstract void Write(ref CqlWriter writer, byte version);

    /// <summary>Reads the details for <paramref name="code"/>, or returns null for codes without any.</summary>
    internal static ErrorDetails? Read(ErrorCode code, ref CqlReader reader, byte version) => code switch
    {
        ErrorCode.Unavailable => UnavailableDetails.Read(ref reader),
        ErrorCode.WriteTimeout => WriteTimeoutDetails.Read(ref reader, version),
        ErrorCode.ReadTimeout => ReadTimeoutDetails.Read(ref reader),
        ErrorCode.ReadFailure => ReadFailureDetails.Read(ref reader, version),
        ErrorCode.WriteFailure => WriteFailureDetails.Read(ref reader, version),
        ErrorCode.FunctionFailure => FunctionFailureDetails.Read(ref reader),
        ErrorCode.CasWriteUnknown => CasWriteUnknownDetails.Read(ref reader),
        ErrorCode.AlreadyExists => AlreadyExistsDetails.Read(ref reader),
        ErrorCode.Unprepared => UnpreparedDetails.Read(ref reader),
        _ => null,
    };

    /// <summary>True when <paramref name="code"/> is followed by code-specific content.</summary>
    public static bool HasDetails(ErrorCode code) => code is ErrorCode.Unavailable or ErrorCode.WriteTimeout or ErrorCode.ReadTimeout
        or ErrorCode.ReadFailure or ErrorCode.WriteFailure or ErrorCode.FunctionFailure or ErrorCode.CasWriteUnknown
        or ErrorCode.AlreadyExists or ErrorCode.Unprepared;
}
