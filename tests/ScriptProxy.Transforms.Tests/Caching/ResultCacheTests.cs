using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Abstractions.Types;
using ScriptProxy.Abstractions.Wire;
using ScriptProxy.Transforms.Caching;
using ScriptProxy.Transforms.Tests.Support;

namespace ScriptProxy.Transforms.Tests.Caching;

public class ResultCacheTests
{
    private const string Config = """{"tables": {"shop.users": ["id"]}, "ttlSeconds": 60, "maxEntries": 2}""";

    private static string? Name(IResponse r) =>
        ((RowsResult)r).RowCount == 0 ? null : (string?)CqlValueCodec.Decode(CqlType.Text, ((RowsResult)r).GetCell(0, "name").Bytes.Span, 4);

    private static CqlValueSlice Int(int v) => new(CqlValueCodec.Serialize(CqlType.Int, v, 4));

    [Fact]
    public async Task Second_read_is_a_hit_and_a_write_to_the_partition_invalidates_it()
    {
        var node = Fixtures.Shop();
        var c = Fixtures.Connect(node);
        var cache = Stages.Create<ResultCache>(Config);
        await c.Query("INSERT INTO users (id, name) VALUES (1, 'ann')");

        Assert.Equal("ann", Name(await c.Query("SELECT * FROM users WHERE id = 1", cache)));
        int before = node.Received.Count;
        Assert.Equal("ann", Name(await c.Query("SELECT * FROM users WHERE id = 1", cache)));
        Assert.Equal(before, node.Received.Count); // served from the cache
        Assert.Equal(1, cache.Stats.Hits);

        await c.Query("UPDATE users SET name = 'anne' WHERE id = 1", cache);
        Assert.Equal("anne", Name(await c.Query("SELECT * FROM users WHERE id = 1", cache)));
    }

    [Fact]
    public async Task Writes_to_another_partition_keep_the_entry_and_prepared_writes_invalidate_by_bound_key()
    {
        var node = Fixtures.Shop();
        var c = Fixtures.Connect(node);
        var cache = Stages.Create<ResultCache>(Config);
        await c.Query("INSERT INTO users (id, name) VALUES (1, 'ann')");
        var select = await c.Prepare("SELECT * FROM users WHERE id = ?", cache);
        var insert = await c.Prepare("INSERT INTO users (id, name) VALUES (?, ?)", cache);

        Assert.Equal("ann", Name(await c.Execute(select, [Int(1)], cache)));
        await c.Query("INSERT INTO users (id, name) VALUES (2, 'bob')", cache);
        Assert.Equal("ann", Name(await c.Execute(select, [Int(1)], cache)));
        Assert.Equal(1, cache.Stats.Hits);

        // The literal 1 above and the bound int 1 here name the same partition.
        await c.Execute(insert, [Int(1), new CqlValueSlice("zed"u8.ToArray())], cache);
        Assert.Equal("zed", Name(await c.Execute(select, [Int(1)], cache)));
        Assert.Equal(1, cache.Stats.Hits);
        Assert.True(cache.Stats.Invalidations >= 1);
    }

    [Fact]
    public async Task Multi_partition_reads_are_not_cached_and_batches_invalidate()
    {
        var c = Fixtures.Connect(Fixtures.Shop());
        var cache = Stages.Create<ResultCache>(Config);
        await c.Query("SELECT * FROM users", cache);
        await c.Query("SELECT * FROM users", cache);
        Assert.Equal(new CacheStats(0, 0, 0, 0, 0), cache.Stats);

        await c.Query("SELECT * FROM users WHERE id = 5", cache);
        await c.Run(new BatchRequest(BatchType.Logged, [BatchStatement.ForQuery("INSERT INTO users (id, name) VALUES (5, 'eve')")], Consistency.One), cache);
        Assert.Equal("eve", Name(await c.Query("SELECT * FROM users WHERE id = 5", cache)));
    }

    [Fact]
    public async Task Ttl_and_size_bound_evict()
    {
        var time = new ManualTime();
        var c = Fixtures.Connect(Fixtures.Shop());
        var cache = Stages.Create<ResultCache>(Config, Stages.Context(time));
        for (int id = 1; id <= 3; id++) await c.Query($"SELECT * FROM users WHERE id = {id}", cache);
        Assert.Equal(2, cache.Stats.Entries); // maxEntries 2: id 1 was the least recently used
        Assert.Equal(1, cache.Stats.Evictions);

        time.Advance(TimeSpan.FromSeconds(61));
        await c.Query("SELECT * FROM users WHERE id = 3", cache);
        Assert.Equal(0, cache.Stats.Hits);
    }

    [Fact]
    public void Tables_are_required()
    {
        Assert.Contains("'stages[0].tables.users': expected a \"keyspace.table\" name", Assert.Throws<TransformConfigException>(() => Stages.Create("Cache", """{"tables": {"users": ["id"]}}""")).Message);
        Assert.Contains("is required", Assert.Throws<TransformConfigException>(() => Stages.Create("Cache", "{}")).Message);
    }
}
