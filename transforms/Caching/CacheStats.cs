namespace ScriptProxy.Transforms.Caching;

/// <summary>A snapshot of a <see cref="ResultCache"/>'s counters.</summary>
/// <param name="Hits">Reads answered from the cache.</param>
/// <param name="Misses">Cacheable reads that went to the upstream.</param>
/// <param name="Invalidations">Entries removed because a write touched their partition (or table).</param>
/// <param name="Evictions">Entries removed for space (least recently used) or because their TTL passed.</param>
/// <param name="Entries">Entries held now.</param>
public sealed record CacheStats(long Hits, long Misses, long Invalidations, long Evictions, int Entries);
