using System.Buffers.Binary;
using System.Text;

namespace ScriptProxy.Abstractions.Tests.Messages;

/// <summary>
/// Hand-written frame notation: hex byte pairs separated by spaces, <c>'text'</c> for UTF-8 literals (lengths are
/// still written by hand), and <c>LEN</c> for the header's 4-byte body length (the number of bytes after it), so the
/// goldens stay independent of the encoder under test.
/// </summary>
internal static class HexFrame
{
    public static byte[] Parse(string notation)
    {
        var bytes = new List<byte>();
        int lenAt = -1;
        int i = 0;
        while (i < notation.Length)
        {
            char c = notation[i];
            if (char.IsWhiteSpace(c) || c == '|') { i++; continue; }
            if (c == '\'')
            {
                int end = notation.IndexOf('\'', i + 1);
                bytes.AddRange(Encoding.UTF8.GetBytes(notation[(i + 1)..end]));
                i = end + 1;
                continue;
            }
            if (notation.AsSpan(i).StartsWith("LEN"))
            {
                lenAt = bytes.Count;
                bytes.AddRange(new byte[4]);
                i += 3;
                continue;
            }
            bytes.Add(Convert.ToByte(notation.Substring(i, 2), 16));
            i += 2;
        }
        var result = bytes.ToArray();
        if (lenAt >= 0) BinaryPrimitives.WriteInt32BigEndian(result.AsSpan(lenAt), result.Length - lenAt - 4);
        return result;
    }
}
