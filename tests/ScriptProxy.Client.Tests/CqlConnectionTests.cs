using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Abstractions.Wire;
using ScriptProxy.Client.Tests.Support;

namespace ScriptProxy.Client.Tests;

public sealed class CqlConnectionTests
{
    [Theory]
    [MemberData(nameof(ClientFramings.All), MemberType = typeof(ClientFramings))]
    public async Task ConnectAsync_EveryVersionAndCompression_QueriesPrepareAndExecute(byte version, string? compression)
    {
        await using var server = new TestCqlServer();
        await using var connection = await CqlConnection.ConnectAsync(server.EndPoint,
            new CqlConnectionOptions { Version = version, Compression = compression, SendOptions = true });

        Assert.NotNull(connection.Supported);
        var result = await connection.QueryAsync("INSERT INTO ks.t (id) VALUES (1)");
        Assert.IsType<VoidResult>(result);
        PreparedResult prepared;
        try
        {
            prepared = await connection.PrepareAsync("INSERT INTO ks.t (id) VALUES (?)");
        }
        catch (CqlConnectionClosedException) when (server.LastError is not null)
        {
            throw server.LastError;
        }
        Assert.Equal([1, 2, 3, 4], prepared.Id.ToArray());
        Assert.IsType<VoidResult>(await connection.ExecuteAsync(prepared, 42L));
    }

    [Theory]
    [MemberData(nameof(ClientFramings.All), MemberType = typeof(ClientFramings))]
    public async Task SendRawAsync_ManyPipelined_AllAnsweredOutOfOrder(byte version, string? compression)
    {
        await using var server = new TestCqlServer();
        await using var connection = await CqlConnection.ConnectAsync(server.EndPoint, new CqlConnectionOptions { Version = version, Compression = compression });
        var body = Encode(new QueryRequest("INSERT INTO ks.t (id) VALUES (1)"), version);

        var tasks = Enumerable.Range(0, 2000).Select(_ => connection.SendRawAsync(Opcode.Query, body).AsTask()).ToArray();
        var responses = await Task.WhenAll(tasks);

        Assert.All(responses, r => Assert.Equal(Opcode.Result, r.Opcode));
        Assert.Equal(0, connection.InFlight);
    }

    [Fact]
    public async Task SendRawAsync_MoreThanMaxInFlight_WaitsForFreeIds()
    {
        await using var server = new TestCqlServer { Delay = TimeSpan.FromMilliseconds(5) };
        await using var connection = await CqlConnection.ConnectAsync(server.EndPoint, new CqlConnectionOptions { MaxInFlight = 8 });
        var body = Encode(new QueryRequest("SELECT 1"), 4);

        var responses = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => connection.SendRawAsync(Opcode.Query, body).AsTask()));

        Assert.Equal(100, responses.Length);
        Assert.True(server.Requests >= 100);
    }

    [Fact]
    public async Task SendAsync_Error_ReturnedAsErrorResponse_AndHelpersThrow()
    {
        await using var server = new TestCqlServer();
        await using var connection = await CqlConnection.ConnectAsync(server.EndPoint);

        var response = await connection.SendAsync(new QueryRequest("error"));
        var raw = await connection.SendRawAsync(new QueryRequest("error"));

        Assert.Equal(ErrorCode.Invalid, Assert.IsType<ErrorResponse>(response).Code);
        Assert.True(raw.IsError);
        Assert.Equal("you asked for it", raw.Error!.Message);
        var thrown = await Assert.ThrowsAsync<CqlServerException>(() => connection.QueryAsync("error"));
        Assert.Equal(ErrorCode.Invalid, thrown.Code);
    }

    [Fact]
    public async Task SendRawAsync_Canceled_ThrowsAndConnectionStaysUsable()
    {
        // The answer comes a second after the 20 ms cancel: a stalled timer on a loaded machine cannot let it win.
        await using var server = new TestCqlServer { Delay = TimeSpan.FromSeconds(1) };
        await using var connection = await CqlConnection.ConnectAsync(server.EndPoint, new CqlConnectionOptions { MaxInFlight = 1 });
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(20));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => connection.SendRawAsync(new QueryRequest("SELECT 1"), cts.Token).AsTask());
        // The only stream id is still owed an answer; the next request waits for it, then succeeds.
        var next = await connection.SendRawAsync(new QueryRequest("SELECT 1"));

        Assert.Equal(Opcode.Result, next.Opcode);
    }

    [Fact]
    public async Task DisposeAsync_PendingRequests_FailWithConnectionClosed()
    {
        await using var server = new TestCqlServer { Delay = TimeSpan.FromSeconds(5) };
        var connection = await CqlConnection.ConnectAsync(server.EndPoint);
        var pending = connection.SendRawAsync(new QueryRequest("SELECT 1")).AsTask();

        await connection.DisposeAsync();

        await Assert.ThrowsAsync<CqlConnectionClosedException>(() => pending);
    }

    [Fact]
    public async Task SendRawAsync_InlineContinuations_ClosedLoopWorkersComplete()
    {
        await using var server = new TestCqlServer();
        await using var connection = await CqlConnection.ConnectAsync(server.EndPoint, new CqlConnectionOptions { Version = 5, InlineContinuations = true });
        var body = Encode(new QueryRequest("SELECT 1"), 5);
        int done = 0;

        async Task Worker()
        {
            for (int i = 0; i < 500; i++)
            {
                var r = await connection.SendRawAsync(Opcode.Query, body);
                Assert.False(r.IsError);
                Interlocked.Increment(ref done);
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(Worker)));
        Assert.Equal(8000, done);
    }

    private static byte[] Encode(IRequest request, byte version)
    {
        using var frame = FrameEncoder.ToFrame(version, false, FrameFlags.None, 0, request);
        return frame.Body.ToArray();
    }
}
