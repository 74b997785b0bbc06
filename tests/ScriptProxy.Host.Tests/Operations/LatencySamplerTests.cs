using ScriptProxy.Host.Operations;

namespace ScriptProxy.Host.Tests.Operations;

public sealed class LatencySamplerTests
{
    [Fact]
    public void TakeInterval_QuantileOfTheIntervalOnly()
    {
        var sampler = new LatencySampler();
        for (int i = 0; i < 990; i++) sampler.Record(TimeSpan.FromMicroseconds(100));
        for (int i = 0; i < 10; i++) sampler.Record(TimeSpan.FromMilliseconds(50));
        var (count, p99) = sampler.TakeInterval(0.99);
        Assert.Equal(1000, count);
        Assert.InRange(p99.TotalMicroseconds, 100, 100 * 1.2 * 1.2); // upper bound of the 100 µs bucket
        var (count999, p999) = sampler.TakeInterval(0.999);
        Assert.Equal(0, count999); // nothing new since the last call
        Assert.Equal(TimeSpan.Zero, p999);
        for (int i = 0; i < 10; i++) sampler.Record(TimeSpan.FromMilliseconds(50));
        var (n, p) = sampler.TakeInterval(0.5);
        Assert.Equal(10, n);
        Assert.InRange(p.TotalMilliseconds, 50, 50 * 1.2 * 1.2);
    }
}
