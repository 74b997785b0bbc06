namespace ScriptProxy.Host.Upstreams.Cluster;

/// <summary>
/// An immutable token ring: every node's tokens sorted, each mapped to its node. A node owning token T owns the
/// range (previous token, T], so the primary replica of a key is the node of the smallest ring token at or after
/// the key's token, wrapping around to the first. Shared by all sessions; replaced as a whole on topology changes.
/// </summary>
internal sealed class TokenRing
{
    private readonly long[] _tokens;
    private readonly ClusterNode[] _owners;

    public TokenRing(IReadOnlyList<ClusterNode> nodes)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        Nodes = nodes;
        var entries = nodes.SelectMany(n => n.Tokens.Select(t => (Token: t, Node: n))).OrderBy(e => e.Token).ToArray();
        _tokens = entries.Select(e => e.Token).ToArray();
        _owners = entries.Select(e => e.Node).ToArray();
    }

    public IReadOnlyList<ClusterNode> Nodes { get; }

    /// <summary>The node owning <paramref name="token"/> (its primary replica), or null for an empty ring.</summary>
    public ClusterNode? Owner(long token) => _tokens.Length == 0 ? null : _owners[IndexFor(token)];

    /// <summary>
    /// The first node that is up, walking the ring from the owner of <paramref name="token"/> (the order in which
    /// SimpleStrategy places further replicas); null when no node is up.
    /// </summary>
    public ClusterNode? FirstUp(long token)
    {
        if (_tokens.Length == 0) return null;
        int start = IndexFor(token);
        for (int i = 0; i < _owners.Length; i++)
        {
            var node = _owners[(start + i) % _owners.Length];
            if (node.IsUp) return node;
        }
        return null;
    }

    private int IndexFor(long token)
    {
        int index = Array.BinarySearch(_tokens, token);
        if (index < 0) index = ~index;
        return index == _tokens.Length ? 0 : index;
    }
}
