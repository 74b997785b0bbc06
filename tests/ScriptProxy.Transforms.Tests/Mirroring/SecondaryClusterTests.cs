using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Transforms.Mirroring;
using ScriptProxy.Transforms.Support;
using ScriptProxy.Transforms.Tests.Support;

namespace ScriptProxy.Transforms.Tests.Mirroring;

public class SecondaryClusterTests
{
    [Fact]
    public async Task FailedConnect_FailsFastForTheRetryDelay_ThenTheNextRequestConnectsAgain()
    {
        var second = new NodeUpstream(Fixtures.Shop());
        int connects = 0;
        ValueTask<ISecondaryUpstream> Connect(SecondaryTarget target, CancellationToken ct) =>
            Interlocked.Increment(ref connects) == 1
                ? ValueTask.FromException<ISecondaryUpstream>(new IOException("connection refused"))
                : ValueTask.FromResult<ISecondaryUpstream>(second);
        using var cluster = new SecondaryCluster(new SecondaryTarget("127.0.0.9:9042"), Connect, retryDelay: TimeSpan.FromMilliseconds(200));
        var insert = new QueryRequest("INSERT INTO shop.users (id) VALUES (1)");

        await Assert.ThrowsAsync<IOException>(() => cluster.SendAsync("client", insert, null, CancellationToken.None).AsTask());
        // Within the retry delay the failed attempt answers again, without a second connect.
        await Assert.ThrowsAsync<IOException>(() => cluster.SendAsync("client", insert, null, CancellationToken.None).AsTask());
        Assert.Equal(1, Volatile.Read(ref connects));

        // The secondary is back: after the delay a request connects again and is served (the client never reconnected).
        IResponse? answer = null;
        for (int i = 0; i < 200 && answer is null; i++)
        {
            await Task.Delay(50);
            try
            {
                answer = await cluster.SendAsync("client", insert, null, CancellationToken.None);
            }
            catch (IOException)
            {
                // Still within the delay.
            }
        }
        Assert.IsType<VoidResult>(answer);
        Assert.Equal(2, Volatile.Read(ref connects));
    }
}
