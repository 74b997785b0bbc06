using System.Globalization;

namespace ScriptProxy.Node.Storage;

/// <summary>
/// Which Murmur3 tokens one node owns, as the primary replica (replication factor 1): the ring is every node's
/// tokens sorted; a token t belongs to the node of the first ring token &gt;= t, wrapping to the smallest ring token
/// past the largest. So with one token per node, node i owns (token(i-1), token(i)], the same rule drivers apply for
/// token-aware routing. A node that knows no peers owns the whole ring.
/// </summary>
internal sealed class TokenRing
{
    private readonly long[] _tokens;
    private readonly bool[] _mine;

    private TokenRing(long[] tokens, bool[] mine)
    {
        _tokens = tokens;
        _mine = mine;
    }

    /// <summary>The ring of a node with <paramref name="own"/> tokens whose peers hold <paramref name="others"/>.</summary>
    public static TokenRing Create(IEnumerable<string> own, IEnumerable<string> others)
    {
        var entries = own.Select(t => (Token: Parse(t), Mine: true))
            .Concat(others.Select(t => (Token: Parse(t), Mine: false)))
            .OrderBy(e => e.Token)
            .ToArray();
        return new TokenRing(entries.Select(e => e.Token).ToArray(), entries.Select(e => e.Mine).ToArray());
    }

    private static long Parse(string token) => long.Parse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

    /// <summary>True when this node is the primary replica of <paramref name="token"/>.</summary>
    public bool Owns(long token)
    {
        if (_tokens.Length == 0) return true;
        int i = Array.BinarySearch(_tokens, token);
        if (i < 0) i = ~i;
        if (i == _tokens.Length) i = 0;
        return _mine[i];
    }

    /// <summary>
    /// Tokens that split the ring evenly among <paramref name="nodes"/> nodes, one each: node i gets
    /// -2^63 + i * 2^64 / n (Cassandra's usual evenly spaced initial_token values).
    /// </summary>
    public static long[] EvenlySpaced(int nodes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nodes, 1);
        var tokens = new long[nodes];
        for (int i = 0; i < nodes; i++) tokens[i] = (long)(long.MinValue + (Int128)i * ((Int128)1 << 64) / nodes);
        return tokens;
    }
}
