using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using ScriptProxy.Abstractions.Buffers;
using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Abstractions.Wire;
using ScriptProxy.Node.Hosting;

namespace ScriptProxy.Node.Tests.Server;

/// <summary>The node with PasswordAuthenticator on, over an in-memory duplex pipe: the SASL exchange as Cassandra does it.</summary>
public sealed class AuthenticationTests : IAsyncDisposable
{
    private sealed record Duplex(PipeReader Input, PipeWriter Output) : IDuplexPipe;

    private readonly EmbeddedNode _node = new(new EmbeddedNodeOptions { Users = [new NodeUser("admin", "pw"), new NodeUser("reader", "rpw", Superuser: false)] });
    private readonly Pipe _toServer = new();
    private readonly Pipe _toClient = new();
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(10));
    private readonly Task _serving;

    public AuthenticationTests() =>
        _serving = _node.ServeConnectionAsync(new Duplex(_toServer.Reader, _toClient.Writer), null, _timeout.Token);

    private async Task<IResponse> ExchangeAsync(short stream, IRequest request)
    {
        using var buffer = new PooledBufferWriter(128);
        FrameEncoder.Write(buffer, 4, false, FrameFlags.None, stream, request);
        await _toServer.Writer.WriteAsync(buffer.WrittenMemory, _timeout.Token);
        while (true)
        {
            var r = await _toClient.Reader.ReadAsync(_timeout.Token);
            if (r.Buffer.Length >= FrameHeader.Size)
            {
                var header = FrameHeader.Read(r.Buffer.Slice(0, FrameHeader.Size).ToArray());
                if (r.Buffer.Length >= FrameHeader.Size + header.BodyLength)
                {
                    var body = r.Buffer.Slice(FrameHeader.Size, header.BodyLength).ToArray();
                    _toClient.Reader.AdvanceTo(r.Buffer.GetPosition(FrameHeader.Size + header.BodyLength));
                    Assert.Equal(stream, header.Stream);
                    return MessageCodec.DecodeResponse(header, body, out _);
                }
            }
            _toClient.Reader.AdvanceTo(r.Buffer.Start, r.Buffer.End);
        }
    }

    private static AuthResponseRequest Plain(string user, string password) => new(Encoding.UTF8.GetBytes($"\0{user}\0{password}"));

    private static StartupRequest Startup() => new(new Dictionary<string, string> { ["CQL_VERSION"] = "3.0.0" });

    [Fact]
    public async Task Startup_AnsweredAuthenticate_WithPasswordAuthenticatorClass()
    {
        var answer = Assert.IsType<AuthenticateResponse>(await ExchangeAsync(1, Startup()));
        Assert.Equal("org.apache.cassandra.auth.PasswordAuthenticator", answer.Authenticator);
    }

    [Fact]
    public async Task QueryBeforeLogin_Unauthorized()
    {
        await ExchangeAsync(1, Startup());
        var error = Assert.IsType<ErrorResponse>(await ExchangeAsync(2, new QueryRequest("SELECT * FROM system.local", new QueryParameters(Consistency.One))));
        Assert.Equal(ErrorCode.Unauthorized, error.Code);
        Assert.Equal("You have not logged in", error.Message);
    }

    [Fact]
    public async Task WrongPassword_AuthenticationError_ThenRightPassword_Succeeds()
    {
        await ExchangeAsync(1, Startup());
        var error = Assert.IsType<ErrorResponse>(await ExchangeAsync(2, Plain("admin", "nope")));
        Assert.Equal(ErrorCode.AuthenticationError, error.Code);
        Assert.Equal("Provided username admin and/or password are incorrect", error.Message);
        Assert.IsType<AuthSuccessResponse>(await ExchangeAsync(3, Plain("admin", "pw")));
        var rows = Assert.IsType<RowsResult>(await ExchangeAsync(4, new QueryRequest("SELECT cluster_name FROM system.local", new QueryParameters(Consistency.One))));
        Assert.Equal(1, rows.RowCount);
        Assert.IsType<SchemaChangeResult>(await ExchangeAsync(5, new QueryRequest(
            "CREATE KEYSPACE k WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}", new QueryParameters(Consistency.One))));
    }

    [Fact]
    public async Task NonSuperuser_SchemaChange_Unauthorized_DataAllowed()
    {
        await ExchangeAsync(1, Startup());
        Assert.IsType<AuthSuccessResponse>(await ExchangeAsync(2, Plain("reader", "rpw")));
        var error = Assert.IsType<ErrorResponse>(await ExchangeAsync(3, new QueryRequest(
            "CREATE KEYSPACE k WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}", new QueryParameters(Consistency.One))));
        Assert.Equal(ErrorCode.Unauthorized, error.Code);
        Assert.Equal("User reader has no CREATE permission on <all keyspaces> or any of its parents", error.Message);
        Assert.IsType<RowsResult>(await ExchangeAsync(4, new QueryRequest("SELECT keyspace_name FROM system_schema.keyspaces", new QueryParameters(Consistency.One))));
    }

    [Fact]
    public async Task WithoutUsers_AuthResponse_AuthenticationError()
    {
        await using var open = new EmbeddedNode();
        var toServer = new Pipe();
        var toClient = new Pipe();
        var serving = open.ServeConnectionAsync(new Duplex(toServer.Reader, toClient.Writer), null, _timeout.Token);
        using var buffer = new PooledBufferWriter(128);
        FrameEncoder.Write(buffer, 4, false, FrameFlags.None, 1, Startup());
        await toServer.Writer.WriteAsync(buffer.WrittenMemory, _timeout.Token);
        var r = await toClient.Reader.ReadAtLeastAsync(FrameHeader.Size, _timeout.Token);
        Assert.Equal((byte)Opcode.Ready, r.Buffer.Slice(4, 1).FirstSpan[0]);
        toClient.Reader.AdvanceTo(r.Buffer.End);
        await toServer.Writer.CompleteAsync();
        await serving;
    }

    public async ValueTask DisposeAsync()
    {
        await _toServer.Writer.CompleteAsync();
        await _serving;
        await _node.DisposeAsync();
        _timeout.Dispose();
    }
}
