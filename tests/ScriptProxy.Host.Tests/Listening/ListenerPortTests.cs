using System.Net;
using System.Net.Sockets;
using ScriptProxy.Host.Configuration;
using ScriptProxy.Host.Tests.Support;

namespace ScriptProxy.Host.Tests.Listening;

/// <summary>A proxy never shares its client port with another live listener (a second one would silently get half the connections).</summary>
public sealed class ListenerPortTests
{
    [Fact]
    public async Task SecondProxyOnAPortInUse_FailsToStart_AndTheFirstKeepsItsPort()
    {
        await using var first = ProxyHarness.Embedded();
        int port = first.EndPoint.Port;
        ProxyHarness? second = null;
        var thrown = Record.Exception(() => second = ProxyHarness.Embedded(c => c with { Listeners = [new ListenerConfig(IPAddress.Loopback, port)] }));
        if (second is not null) await second.DisposeAsync(); // the bind wrongly succeeded: release it, then fail below
        var e = Assert.IsType<SocketException>(thrown);
        Assert.Equal(SocketError.AddressAlreadyInUse, e.SocketErrorCode);
        await using var client = await RawCqlClient.ConnectAsync(first.EndPoint);
        Assert.NotNull(client);
    }
}
