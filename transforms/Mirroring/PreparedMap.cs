using System.Collections.Concurrent;

namespace ScriptProxy.Transforms.Mirroring;

/// <summary>
/// Prepared statements across two clusters: the client only knows the primary's ids; the secondary prepares the same
/// text under its own id. Texts are learnt from PREPAREs passing through (and from the host's view of an EXECUTE),
/// secondary ids from preparing there on first use.
/// </summary>
internal sealed class PreparedMap
{
    private const int MaxStatements = 100_000;
    private readonly ConcurrentDictionary<string, string> _texts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (byte[] Id, byte[]? MetadataId)> _secondary = new(StringComparer.Ordinal);

    public static string Key(ReadOnlyMemory<byte> id) => Convert.ToHexString(id.Span);

    public void RememberText(ReadOnlyMemory<byte> primaryId, string text)
    {
        if (_texts.Count >= MaxStatements) _texts.Clear(); // texts come back with the next PREPARE or EXECUTE
        _texts[Key(primaryId)] = text;
    }

    public string? Text(ReadOnlyMemory<byte> primaryId) => _texts.TryGetValue(Key(primaryId), out var t) ? t : null;

    public (byte[] Id, byte[]? MetadataId)? Secondary(ReadOnlyMemory<byte> primaryId) =>
        _secondary.TryGetValue(Key(primaryId), out var s) ? s : null;

    public void RememberSecondary(ReadOnlyMemory<byte> primaryId, ReadOnlyMemory<byte> secondaryId, ReadOnlyMemory<byte>? metadataId)
    {
        if (_secondary.Count >= MaxStatements) _secondary.Clear();
        _secondary[Key(primaryId)] = (secondaryId.ToArray(), metadataId?.ToArray());
    }

    public void ForgetSecondary(ReadOnlyMemory<byte> primaryId) => _secondary.TryRemove(Key(primaryId), out _);
}
