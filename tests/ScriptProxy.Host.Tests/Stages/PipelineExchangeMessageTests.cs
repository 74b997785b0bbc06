using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Abstractions.Stages;
using ScriptProxy.Abstractions.Types;
using ScriptProxy.Abstractions.Wire;
using ScriptProxy.Host.Stages;

namespace ScriptProxy.Host.Tests.Stages;

/// <summary>The host's whole-message access (<see cref="ICqlMessageExchange"/>): copy-on-write requests and responses.</summary>
public sealed class PipelineExchangeMessageTests
{
    private static PipelineExchange Exchange(IRequest request, out Frame original)
    {
        original = FrameEncoder.ToFrame(5, response: false, FrameFlags.None, 7, request);
        return new PipelineExchange(new CqlRequestView(original, new PreparedStatements()), "127.0.0.1:1", _ => default, CancellationToken.None);
    }

    [Fact]
    public void UntouchedRequest_ForwardsTheOriginalBytes_ReplacedOneIsEncodedOnItsStream()
    {
        using var ex = Exchange(new QueryRequest("SELECT * FROM ks.t", new QueryParameters(Consistency.One)), out var original);
        var view = (CqlRequestView)ex.Request;
        Assert.Same(original, view.ToFrame());
        var q = Assert.IsType<QueryRequest>(ex.RequestMessage);
        ex.SetRequestMessage(q with { Query = "SELECT * FROM other.t" });
        Assert.True(ex.Request.IsModified);
        Assert.Equal("other", ex.Request.Keyspace);
        using var sent = view.ToFrame();
        Assert.Equal((5, (short)7), (sent.Version, sent.Stream));
        Assert.Equal("SELECT * FROM other.t", Assert.IsType<QueryRequest>(MessageCodec.DecodeRequest(sent)).Query);
        Assert.Throws<ArgumentException>(() => ex.SetRequestMessage(new PrepareRequest("SELECT 1")));
    }

    [Fact]
    public void RespondMessage_ReplacesTheUpstreamAnswer_KeepingItsTracingId()
    {
        using var ex = Exchange(new QueryRequest("SELECT * FROM ks.t", new QueryParameters(Consistency.One)), out _);
        var tracing = Guid.NewGuid();
        var metadata = new RowsMetadata([new ColumnSpec("ks", "t", "v", CqlType.Int)]);
        var upstream = FrameEncoder.ToFrame(5, response: true, FrameFlags.None, 7, RowsResult.Create(metadata, []), new MessageEnvelope(tracing));
        ex.SetUpstreamResponse(new CqlResponseView(upstream));
        Assert.Equal(0, Assert.IsType<RowsResult>(ex.ResponseMessage).RowCount);

        ex.RespondMessage(RowsResult.Create(metadata, [[new CqlValueSlice(CqlValueCodec.Serialize(CqlType.Int, 42, 5))]]));

        var view = Assert.IsType<CqlResponseView>(ex.Response);
        Assert.Equal(42, view.GetCell(0, "v"));
        Assert.Equal((5, (short)7), (view.Frame.Version, view.Frame.Stream));
        MessageCodec.DecodeResponse(view.Frame, out var envelope);
        Assert.Equal(tracing, envelope.TracingId);
    }

    [Fact]
    public void RespondMessage_BeforeNext_SkipsTheUpstream_AndCellChangesShowInResponseMessage()
    {
        int upstreamCalls = 0;
        var frame = FrameEncoder.ToFrame(4, response: false, FrameFlags.None, 2, new QueryRequest("SELECT v FROM ks.t", new QueryParameters(Consistency.One)));
        using var ex = new PipelineExchange(new CqlRequestView(frame, new PreparedStatements()), "c", _ => { upstreamCalls++; return default; }, CancellationToken.None);
        ex.RespondMessage(RowsResult.Create(new RowsMetadata([new ColumnSpec("ks", "t", "v", CqlType.Text)]), [[new CqlValueSlice("a"u8.ToArray())]]));
        ex.Response!.SetCell(0, "v", "changed");
        var rows = Assert.IsType<RowsResult>(ex.ResponseMessage);
        Assert.Equal("changed", CqlValueCodec.Decode(CqlType.Text, rows.GetCell(0, 0).Bytes.Span, 4));
        Assert.True(ex.ForwardAsync().IsCompletedSuccessfully);
        Assert.Equal(0, upstreamCalls);
    }
}
