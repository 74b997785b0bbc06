using ScriptProxy.Abstractions.Wire;

namespace ScriptProxy.Transforms.Support;

/// <summary>Facts about ERROR codes that configuration checks need.</summary>
internal static class ErrorCodes
{
    /// <summary>True for codes whose ERROR body carries details (consistency, counts, ids) after the message.</summary>
    public static bool HasDetails(ErrorCode code) => code is ErrorCode.Unavailable or ErrorCode.WriteTimeout or ErrorCode.ReadTimeout
        or ErrorCode.ReadFailure or ErrorCode.FunctionFailure or ErrorCode.WriteFailure or ErrorCode.AlreadyExists or ErrorCode.Unprepared
        or ErrorCode.CasWriteUnknown or ErrorCode.CdcWriteFailure;
}
