using System.Net;
using System.Threading.Channels;
using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Node.Hosting;
using ScriptProxy.Client.Tests.Support;

namespace ScriptProxy.Client.Tests;

/// <summary>REGISTER and EVENT (stream -1) against the embedded node, in every framing the client speaks.</summary>
public sealed class CqlConnectionEventTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly EmbeddedNode _node = new();

    public Task InitializeAsync() => _node.StartAsync(new IPEndPoint(IPAddress.Loopback, 0));

    public Task DisposeAsync() => _node.DisposeAsync().AsTask();

    [Theory]
    [MemberData(nameof(ClientFramings.All), MemberType = typeof(ClientFramings))]
    public async Task Registered_ReceivesSchemaStatusAndTopologyEvents_Decoded(byte version, string? compression)
    {
        var events = Channel.CreateUnbounded<EventResponse>();
        await using var connection = await CqlConnection.ConnectAsync(_node.LocalEndPoint!,
            new CqlConnectionOptions { Version = version, Compression = compression, Events = e => events.Writer.TryWrite(e) });
        await connection.RegisterAsync([EventTypes.SchemaChange, EventTypes.StatusChange, EventTypes.TopologyChange]);

        await connection.QueryAsync($"CREATE KEYSPACE ev{version}{compression} WITH replication = {{'class': 'SimpleStrategy', 'replication_factor': 1}}");
        var peer = new IPEndPoint(IPAddress.Parse("127.0.0.9"), 9042);
        _node.Announce(new StatusChangeEvent(StatusChangeType.Down, peer));
        _node.Announce(new TopologyChangeEvent(TopologyChangeType.NewNode, peer));

        var schema = Assert.IsType<SchemaChangeEvent>(await NextAsync(events));
        Assert.Equal(EventTypes.SchemaChange, schema.EventType);
        Assert.Equal(new StatusChangeEvent(StatusChangeType.Down, peer), await NextAsync(events));
        Assert.Equal(new TopologyChangeEvent(TopologyChangeType.NewNode, peer), await NextAsync(events));
        // Responses still flow after events were interleaved on the same connection.
        Assert.IsType<RowsResult>(await connection.QueryAsync("SELECT release_version FROM system.local"));
    }

    [Fact]
    public async Task RegisteredForStatusOnly_GetsNoTopologyEvents()
    {
        var events = Channel.CreateUnbounded<EventResponse>();
        await using var connection = await CqlConnection.ConnectAsync(_node.LocalEndPoint!, new CqlConnectionOptions { Events = e => events.Writer.TryWrite(e) });
        await connection.RegisterAsync([EventTypes.StatusChange]);
        var peer = new IPEndPoint(IPAddress.Parse("127.0.0.9"), 9042);

        _node.Announce(new TopologyChangeEvent(TopologyChangeType.NewNode, peer));
        _node.Announce(new StatusChangeEvent(StatusChangeType.Up, peer));

        Assert.Equal(new StatusChangeEvent(StatusChangeType.Up, peer), await NextAsync(events));
    }

    [Fact]
    public async Task ThrowingSubscriber_LosesOnlyThatCall_ConnectionAndLaterEventsGoOn()
    {
        var events = Channel.CreateUnbounded<EventResponse>();
        int calls = 0;
        await using var connection = await CqlConnection.ConnectAsync(_node.LocalEndPoint!, new CqlConnectionOptions
        {
            Events = e =>
            {
                if (Interlocked.Increment(ref calls) == 1) throw new InvalidOperationException("subscriber bug");
                events.Writer.TryWrite(e);
            },
        });
        await connection.RegisterAsync([EventTypes.StatusChange]);
        var first = new IPEndPoint(IPAddress.Parse("127.0.0.8"), 9042);
        var second = new IPEndPoint(IPAddress.Parse("127.0.0.9"), 9042);

        _node.Announce(new StatusChangeEvent(StatusChangeType.Down, first));
        _node.Announce(new StatusChangeEvent(StatusChangeType.Down, second));

        Assert.Equal(new StatusChangeEvent(StatusChangeType.Down, second), await NextAsync(events));
        Assert.Equal(1, connection.EventSubscriberErrors);
        Assert.IsType<RowsResult>(await connection.QueryAsync("SELECT release_version FROM system.local"));
    }

    [Fact]
    public async Task BlockedSubscriber_DoesNotHoldUpResponses()
    {
        using var release = new SemaphoreSlim(0);
        var events = Channel.CreateUnbounded<EventResponse>();
        await using var connection = await CqlConnection.ConnectAsync(_node.LocalEndPoint!, new CqlConnectionOptions
        {
            Events = e =>
            {
                release.Wait();
                events.Writer.TryWrite(e);
            },
        });
        await connection.RegisterAsync([EventTypes.StatusChange]);
        var peer = new IPEndPoint(IPAddress.Parse("127.0.0.9"), 9042);
        for (int i = 0; i < 3; i++) _node.Announce(new StatusChangeEvent(StatusChangeType.Down, peer));

        // The subscriber is stuck on the first event; queries are answered regardless.
        for (int i = 0; i < 20; i++) Assert.IsType<RowsResult>(await connection.QueryAsync("SELECT release_version FROM system.local").WaitAsync(Deadline));

        release.Release(3);
        for (int i = 0; i < 3; i++) Assert.IsType<StatusChangeEvent>(await NextAsync(events));
    }

    [Fact]
    public async Task RegisterWithoutSubscriber_Throws_AndUnsubscribedConnectionsIgnoreEvents()
    {
        await using var connection = await CqlConnection.ConnectAsync(_node.LocalEndPoint!);
        await Assert.ThrowsAsync<InvalidOperationException>(() => connection.RegisterAsync([EventTypes.StatusChange]));
        // A proxy may forward a REGISTER on behalf of its client: events then arrive without a subscriber and are skipped.
        Assert.IsType<ReadyResponse>(await connection.SendAsync(new RegisterRequest([EventTypes.StatusChange])));
        _node.Announce(new StatusChangeEvent(StatusChangeType.Down, new IPEndPoint(IPAddress.Parse("127.0.0.9"), 9042)));
        Assert.IsType<RowsResult>(await connection.QueryAsync("SELECT release_version FROM system.local"));
    }

    private static async Task<EventResponse> NextAsync(Channel<EventResponse> events) =>
        await events.Reader.ReadAsync().AsTask().WaitAsync(Deadline);
}
