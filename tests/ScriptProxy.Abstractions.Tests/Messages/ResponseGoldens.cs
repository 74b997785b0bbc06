using System.Net;
using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Abstractions.Wire;
using static ScriptProxy.Abstractions.Tests.Messages.RequestGoldens;

namespace ScriptProxy.Abstractions.Tests.Messages;

/// <summary>ERROR (every body), READY, AUTHENTICATE, SUPPORTED, AUTH_CHALLENGE and AUTH_SUCCESS frames, by hand.</summary>
internal static class ResponseGoldens
{
    public static IEnumerable<GoldenCase> All()
    {
        yield return new("error-protocol-v4", "84 00 0001 00 LEN  0000000A 0003 'bad'", () => ErrorResponse.Protocol("bad"));
        yield return new("error-unavailable-v4", "84 00 0001 00 LEN  00001000 0004 'down' 0004 00000003 00000001",
            () => ErrorResponse.Unavailable(Consistency.Quorum, 3, 1, "down"));
        yield return new("error-write-timeout-v4", "84 00 0001 00 LEN  00001100 0002 'wt' 0006 00000001 00000002 0006 'SIMPLE'",
            () => ErrorResponse.WriteTimeout(Consistency.LocalQuorum, 1, 2, "SIMPLE", "wt"));
        // CAS: no contentions before v5 ...
        yield return new("error-write-timeout-cas-v4", "84 00 0001 00 LEN  00001100 0002 'wt' 0008 00000000 00000002 0003 'CAS'",
            () => new ErrorResponse(ErrorCode.WriteTimeout, "wt", new WriteTimeoutDetails(Consistency.Serial, 0, 2, "CAS")));
        // ... and a [short] contentions after the write type in v5.
        yield return new("error-write-timeout-cas-v5", "85 00 0001 00 LEN  00001100 0002 'wt' 0008 00000000 00000002 0003 'CAS' 0005",
            () => new ErrorResponse(ErrorCode.WriteTimeout, "wt", new WriteTimeoutDetails(Consistency.Serial, 0, 2, "CAS", 5)));
        yield return new("error-write-timeout-simple-v5", "85 00 0001 00 LEN  00001100 0002 'wt' 0001 00000000 00000001 0005 'BATCH'",
            () => new ErrorResponse(ErrorCode.WriteTimeout, "wt", new WriteTimeoutDetails(Consistency.One, 0, 1, "BATCH")));
        yield return new("error-read-timeout-v3", "83 00 0001 00 LEN  00001200 0002 'rt' 0001 00000000 00000001 00",
            () => ErrorResponse.ReadTimeout(Consistency.One, 0, 1, false, "rt"));
        yield return new("error-read-timeout-data-v5", "85 00 0001 00 LEN  00001200 0002 'rt' 0004 00000002 00000002 01",
            () => ErrorResponse.ReadTimeout(Consistency.Quorum, 2, 2, true, "rt"));
        // Read/Write failure: <numfailures> [int] in v4, <reasonmap> in v5.
        yield return new("error-read-failure-v4", "84 00 0001 00 LEN  00001300 0002 'rf' 0004 00000001 00000002 00000001 01",
            () => new ErrorResponse(ErrorCode.ReadFailure, "rf", new ReadFailureDetails(Consistency.Quorum, 1, 2, 1, null, true)));
        yield return new("error-read-failure-v5",
            "85 00 0001 00 LEN  00001300 0002 'rf' 0004 00000001 00000003  00000002 04 7F000001 0000  10 00000000000000000000000000000001 0003  00",
            () => new ErrorResponse(ErrorCode.ReadFailure, "rf", new ReadFailureDetails(Consistency.Quorum, 1, 3, 2,
                [new ReplicaFailure(IPAddress.Loopback, 0), new ReplicaFailure(IPAddress.IPv6Loopback, 3)], false)));
        yield return new("error-write-failure-v4", "84 00 0001 00 LEN  00001500 0002 'wf' 0004 00000001 00000002 00000001 0005 'BATCH'",
            () => new ErrorResponse(ErrorCode.WriteFailure, "wf", new WriteFailureDetails(Consistency.Quorum, 1, 2, 1, null, "BATCH")));
        yield return new("error-write-failure-v5", "85 00 0001 00 LEN  00001500 0002 'wf' 0004 00000001 00000002  00000001 04 0A000002 0001  000E 'UNLOGGED_BATCH'",
            () => new ErrorResponse(ErrorCode.WriteFailure, "wf", new WriteFailureDetails(Consistency.Quorum, 1, 2, 1,
                [new ReplicaFailure(IPAddress.Parse("10.0.0.2"), 1)], "UNLOGGED_BATCH")));
        yield return new("error-function-failure-v4", "84 00 0001 00 LEN  00001400 0002 'ff' 0002 'ks' 0002 'fn' 0002 0003 'int' 0004 'text'",
            () => new ErrorResponse(ErrorCode.FunctionFailure, "ff", new FunctionFailureDetails("ks", "fn", ["int", "text"])));
        yield return new("error-already-exists-v4", "84 00 0001 00 LEN  00002400 0002 'ae' 0002 'ks' 0001 't'",
            () => ErrorResponse.AlreadyExists("ks", "t", "ae"));
        yield return new("error-already-exists-keyspace-v3", "83 00 0001 00 LEN  00002400 0002 'ae' 0002 'ks' 0000",
            () => ErrorResponse.AlreadyExists("ks", "", "ae"));
        yield return new("error-unprepared-v5", "85 00 0001 00 LEN  00002500 0002 'up' 0002 CAFE",
            () => ErrorResponse.Unprepared(M(0xCA, 0xFE), "up"));
        yield return new("error-cas-write-unknown-v5", "85 00 0001 00 LEN  00001700 0002 'cw' 0009 00000000 00000001",
            () => new ErrorResponse(ErrorCode.CasWriteUnknown, "cw", new CasWriteUnknownDetails(Consistency.LocalSerial, 0, 1)));
        foreach (var (code, hex) in new[]
        {
            (ErrorCode.ServerError, "00000000"), (ErrorCode.AuthenticationError, "00000100"), (ErrorCode.Overloaded, "00001001"),
            (ErrorCode.IsBootstrapping, "00001002"), (ErrorCode.TruncateError, "00001003"), (ErrorCode.CdcWriteFailure, "00001600"),
            (ErrorCode.SyntaxError, "00002000"), (ErrorCode.Unauthorized, "00002100"), (ErrorCode.Invalid, "00002200"),
            (ErrorCode.ConfigError, "00002300"),
        })
        {
            yield return new($"error-{code}-v4", $"84 00 0001 00 LEN  {hex} 0001 'm'", () => new ErrorResponse(code, "m"));
        }
        // An error code the spec does not define is relayed as-is, without details.
        yield return new("error-unknown-code-v4", "84 00 0001 00 LEN  00007777 0001 'm'", () => new ErrorResponse((ErrorCode)0x7777, "m"));

        yield return new("ready-v4", "84 00 0001 02 00000000", () => ReadyResponse.Instance);
        yield return new("authenticate-v4", "84 00 0001 03 LEN  002F 'org.apache.cassandra.auth.PasswordAuthenticator'",
            () => new AuthenticateResponse(AuthenticateResponse.PasswordAuthenticator));
        yield return new("supported-v4", "84 00 0000 06 LEN  0002 000B 'CQL_VERSION' 0001 0005 '3.0.0' 000B 'COMPRESSION' 0002 0003 'lz4' 0006 'snappy'",
            () => new SupportedResponse(new Dictionary<string, IReadOnlyList<string>> { ["CQL_VERSION"] = ["3.0.0"], ["COMPRESSION"] = ["lz4", "snappy"] }));
        yield return new("auth-challenge-v4", "84 00 0002 0E LEN  00000002 ABCD", () => new AuthChallengeResponse(M(0xAB, 0xCD)));
        yield return new("auth-success-null-v5", "85 00 0002 10 LEN  FFFFFFFF", () => new AuthSuccessResponse(null));
        yield return new("auth-success-empty-v3", "83 00 0002 10 LEN  00000000", () => new AuthSuccessResponse(M()));
    }
}
