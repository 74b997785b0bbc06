using System.Net;
using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Abstractions.Wire;
using ScriptProxy.Node.Hosting;
using ScriptProxy.Client.Tests.Support;

namespace ScriptProxy.Client.Tests;

/// <summary>SASL PLAIN login against the embedded node's PasswordAuthenticator, in every framing the client speaks.</summary>
public sealed class CqlConnectionAuthTests : IAsyncLifetime
{
    private readonly EmbeddedNode _node = new(new EmbeddedNodeOptions { Users = [new NodeUser("app", "s3cret")] });

    public Task InitializeAsync() => _node.StartAsync(new IPEndPoint(IPAddress.Loopback, 0));

    public Task DisposeAsync() => _node.DisposeAsync().AsTask();

    [Theory]
    [MemberData(nameof(ClientFramings.All), MemberType = typeof(ClientFramings))]
    public async Task RightPassword_LogsIn_AndQueriesInTheNegotiatedFraming(byte version, string? compression)
    {
        await using var connection = await CqlConnection.ConnectAsync(_node.LocalEndPoint!,
            new CqlConnectionOptions { Version = version, Compression = compression, Credentials = new CqlCredentials("app", "s3cret") });
        var rows = Assert.IsType<RowsResult>(await connection.QueryAsync("SELECT release_version FROM system.local"));
        Assert.Equal(1, rows.RowCount);
    }

    [Fact]
    public async Task WrongPassword_FailsWithTheServersAuthenticationError()
    {
        var e = await Assert.ThrowsAsync<CqlServerException>(() => CqlConnection.ConnectAsync(_node.LocalEndPoint!,
            new CqlConnectionOptions { Credentials = new CqlCredentials("app", "nope") }));
        Assert.Equal(ErrorCode.AuthenticationError, e.Code);
    }

    [Fact]
    public async Task NoCredentials_SaysTheServerWantsThem()
    {
        var e = await Assert.ThrowsAsync<NotSupportedException>(() => CqlConnection.ConnectAsync(_node.LocalEndPoint!));
        Assert.Contains("requires authentication", e.Message);
    }
}
