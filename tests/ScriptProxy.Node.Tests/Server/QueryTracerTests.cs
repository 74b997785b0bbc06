using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Node.Hosting;

namespace ScriptProxy.Node.Tests.Server;

/// <summary>
/// Query tracing (gocql's TestTracing found the node ignored the Tracing flag): a traced statement's response carries
/// a tracing id whose session and events are already in system_traces; untraced and failed statements carry none.
/// </summary>
public sealed class QueryTracerTests
{
    private sealed class Duplex(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }

    private sealed class PipeClient(PipeWriter toServer, PipeReader fromServer, CancellationToken ct)
    {
        public async Task<(FrameHeader Header, IResponse Response, MessageEnvelope Envelope)> SendAsync(IRequest request, short stream, bool traced = false)
        {
            var buffer = new ArrayBufferWriter<byte>();
            FrameEncoder.Write(buffer, 4, false, traced ? FrameFlags.Tracing : FrameFlags.None, stream, request);
            await toServer.WriteAsync(buffer.WrittenMemory, ct);
            while (true)
            {
                var read = await fromServer.ReadAsync(ct);
                var data = read.Buffer;
                if (data.Length >= FrameHeader.Size)
                {
                    var head = new byte[FrameHeader.Size];
                    data.Slice(0, FrameHeader.Size).CopyTo(head);
                    var header = FrameHeader.Read(head);
                    if (data.Length >= FrameHeader.Size + header.BodyLength)
                    {
                        var body = data.Slice(FrameHeader.Size, header.BodyLength).ToArray();
                        fromServer.AdvanceTo(data.GetPosition(FrameHeader.Size + header.BodyLength));
                        Assert.Equal(stream, header.Stream);
                        var response = MessageCodec.DecodeResponse(header, body, out var envelope);
                        return (header, response, envelope);
                    }
                }
                fromServer.AdvanceTo(data.Start, data.End);
            }
        }
    }

    private static async Task WithClientAsync(Func<PipeClient, Task> body)
    {
        await using var node = new EmbeddedNode();
        var toServer = new Pipe();
        var toClient = new Pipe();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var serving = node.ServeConnectionAsync(new Duplex(toServer.Reader, toClient.Writer), null, cts.Token);
        var client = new PipeClient(toServer.Writer, toClient.Reader, cts.Token);
        Assert.IsType<ReadyResponse>((await client.SendAsync(new StartupRequest(new Dictionary<string, string> { ["CQL_VERSION"] = "3.0.0" }), 1)).Response);
        await body(client);
        await toServer.Writer.CompleteAsync();
        await serving;
    }

    private static string Text(RowsResult rows, int row, string column) => Encoding.UTF8.GetString(rows.GetCell(row, column).Bytes.Span);

    [Fact]
    public async Task TracedQuery_ResponseCarriesTracingId_AndTraceRowsExist()
    {
        await WithClientAsync(async client =>
        {
            const string Query = "SELECT release_version FROM system.local";
            var (header, response, envelope) = await client.SendAsync(new QueryRequest(Query), 2, traced: true);
            Assert.IsType<RowsResult>(response);
            Assert.True((header.Flags & FrameFlags.Tracing) != 0);
            var id = Assert.NotNull(envelope.TracingId);

            var session = Assert.IsType<RowsResult>((await client.SendAsync(new QueryRequest(
                $"SELECT request, parameters, duration, coordinator FROM system_traces.sessions WHERE session_id = {id}"), 3)).Response);
            Assert.Equal(1, session.RowCount);
            Assert.Equal("Execute CQL3 query", Text(session, 0, "request"));
            Assert.Contains(Query, Encoding.UTF8.GetString(session.GetCell(0, "parameters").Bytes.Span));
            Assert.False(session.GetCell(0, "duration").IsNull);

            var events = Assert.IsType<RowsResult>((await client.SendAsync(new QueryRequest(
                $"SELECT activity FROM system_traces.events WHERE session_id = {id}"), 4)).Response);
            Assert.Equal(2, events.RowCount);
            Assert.Equal("Request complete", Text(events, 1, "activity"));
        });
    }

    [Fact]
    public async Task UntracedAndFailedQueries_CarryNoTracingId()
    {
        await WithClientAsync(async client =>
        {
            var (plain, _, plainEnvelope) = await client.SendAsync(new QueryRequest("SELECT release_version FROM system.local"), 2);
            Assert.Equal(FrameFlags.None, plain.Flags & FrameFlags.Tracing);
            Assert.Null(plainEnvelope.TracingId);

            var (failed, error, failedEnvelope) = await client.SendAsync(new QueryRequest("SELECT * FROM nope.nope"), 3, traced: true);
            Assert.IsType<ErrorResponse>(error);
            Assert.Equal(FrameFlags.None, failed.Flags & FrameFlags.Tracing);
            Assert.Null(failedEnvelope.TracingId);
        });
    }
}
