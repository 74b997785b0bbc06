using Acornima;
using Jint;
using Jint.Runtime;
using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Abstractions.Stages;
using ScriptProxy.Abstractions.Types;
using ScriptProxy.Host.Stages;

namespace ScriptProxy.Host.Scripting.JavaScript;

/// <summary>Parses <c>scripts/*.js</c> with Jint, runs its top level once and checks it defines a hook.</summary>
internal sealed class JsStageBuilder(Func<JsLimits> limits) : IStageBuilder
{
    public StageKind Kind => StageKind.JavaScript;

    public string Fingerprint(string path) => SourceFingerprint.OfFile(path);

    public async Task<StageBuildResult> BuildAsync(string path, string displayName, StageContext context, int version)
    {
        var (text, failure) = await ScriptSource.ReadAsync(path, displayName).ConfigureAwait(false);
        if (text is null) return failure!;
        try
        {
            WarmInterop();
            var prepared = Engine.PrepareScript(text, displayName);
            var stage = new JsStage(prepared, limits(), context);
            if (!stage.HasHooks)
            {
                stage.Dispose();
                return StageBuildResult.Failed(StageDiagnostic.General(displayName, "SP0102", "the script defines neither onRequest(exchange) nor onResponse(exchange)"));
            }
            return new StageBuildResult(new StageArtifact(stage, version, SourceFingerprint.OfFile(path), stage), []);
        }
        catch (Exception e) when (FindParseError(e) is { } parse)
        {
            return StageBuildResult.Failed(new StageDiagnostic(displayName, parse.LineNumber, parse.Column + 1, "error", "SP0100", parse.Message));
        }
        catch (Exception e) when (e is JavaScriptException or JintException or TimeoutException or OperationCanceledException)
        {
            return StageBuildResult.Failed(StageDiagnostic.General(displayName, "SP0101", $"the script's top level failed: {e.Message}"));
        }
    }

    /// <summary>Pays Jint's first-use reflection and JIT here, at build time, not inside a user's first request and its time limit.</summary>
    private static void WarmInterop()
    {
        var frame = FrameEncoder.ToFrame(ProtocolVersion.V4, false, FrameFlags.None, 0, new QueryRequest("SELECT c FROM ks.t"));
        using var exchange = new PipelineExchange(new CqlRequestView(frame, new PreparedStatements()), "warm-up", _ => default, CancellationToken.None);
        exchange.SetUpstreamResponse(StageReply.Rows(ProtocolVersion.V4, 0, [new ResultColumn("ks", "t", "c", CqlType.Text)], [["x"]]));
        try
        {
            JsStage.WarmInterop(exchange);
        }
        catch (Exception e) when (e is JintException or JavaScriptException or InvalidOperationException or ArgumentException)
        {
            // Only an optimisation: a failure here costs the first request some milliseconds, nothing else.
        }
    }

    // Acornima columns are 0-based; diagnostics are 1-based like the compiler's.
    // Jint wraps the parser's exception (ScriptPreparationException) depending on the entry point.
    private static ParseErrorException? FindParseError(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is ParseErrorException parse) return parse;
        }
        return null;
    }
}
