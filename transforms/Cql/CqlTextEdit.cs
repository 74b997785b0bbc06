using System.Text;

namespace ScriptProxy.Transforms.Cql;

/// <summary>
/// Collects replacements of token spans and applies them to the original text in one pass, so everything the
/// rewrite does not touch (formatting, comments, literals) stays byte-for-byte as the client wrote it.
/// </summary>
internal sealed class CqlTextEdit(string text)
{
    private readonly List<(int Start, int Length, string Replacement)> _edits = [];

    public bool HasEdits => _edits.Count > 0;

    /// <summary>Replaces tokens <paramref name="first"/>..<paramref name="last"/> (inclusive) of <paramref name="tokens"/>.</summary>
    public void Replace(IReadOnlyList<CqlToken> tokens, int first, int last, string replacement)
    {
        int start = tokens[first].Start;
        int end = tokens[last].Start + tokens[last].Length;
        _edits.Add((start, end - start, replacement));
    }

    public void Replace(CqlToken token, string replacement) => _edits.Add((token.Start, token.Length, replacement));

    public override string ToString()
    {
        if (_edits.Count == 0) return text;
        _edits.Sort((a, b) => a.Start.CompareTo(b.Start));
        var sb = new StringBuilder(text.Length + 32);
        int position = 0;
        foreach (var (start, length, replacement) in _edits)
        {
            if (start < position) continue; // overlapping edit: the first one wins
            sb.Append(text, position, start - position).Append(replacement);
            position = start + length;
        }
        return sb.Append(text, position, text.Length - position).ToString();
    }
}
