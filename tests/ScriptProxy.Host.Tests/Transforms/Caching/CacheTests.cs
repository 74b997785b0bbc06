using ScriptProxy.Transforms.Caching;

namespace ScriptProxy.Host.Tests.Transforms.Caching;

/// <summary>Cache with the real Python driver through the proxy: hits skip the cluster, writes through the proxy invalidate.</summary>
[Collection(TransformCollection.Name)]
public sealed class CacheTests
{
    [Fact]
    public async Task PythonDriver_HitsAndMissesMove_WritesInvalidate()
    {
        await using var bed = await TransformBed.StartAsync("""[{"builtin": "Cache", "tables": {"kv.items": ["k"]}, "ttlSeconds": 300}]""");
        var j = await bed.RunAsync("transforms_caching.py", "Cache");
        // 4th read: still cached (the write went around the proxy); 5th: the proxy's own write invalidated it.
        Assert.Equal("""["one","one","one","one","uno","uno","uno","eins"]""", j.GetProperty("reads").GetRawText().Replace(" ", ""));
        var stats = bed.Stage<ResultCache>().Stats;
        Assert.Equal(4, stats.Hits);
        Assert.Equal(4, stats.Misses);
        Assert.True(stats.Invalidations >= 2, stats.ToString());
    }
}
