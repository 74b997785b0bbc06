using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace ScriptProxy.Transforms.Privacy;

/// <summary>
/// AES-256-GCM over a column's serialized value. Layout of a stored blob:
/// <c>0x01 | key id (4) | nonce (12) | ciphertext | tag (16)</c>. The key id (first 4 bytes of SHA-256 of the key)
/// lets a wrong key be reported as such instead of as corruption; the associated data is "keyspace.table.column",
/// so a ciphertext copied into another column does not decrypt. A random nonce per value means equal plaintexts
/// give different ciphertexts (which is also why protected columns cannot be filtered on).
/// </summary>
internal sealed class ProtectCipher
{
    private const byte Format = 1;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const int HeaderSize = 1 + 4 + NonceSize;
    private readonly byte[] _key;

    public ProtectCipher(byte[] key)
    {
        if (key.Length != 32) throw new ArgumentException("The key must be 32 bytes (AES-256)", nameof(key));
        _key = key;
        KeyId = BinaryPrimitives.ReadUInt32BigEndian(SHA256.HashData(key));
    }

    /// <summary>Identifies the key without revealing it (logged and put in error messages).</summary>
    public uint KeyId { get; }

    /// <summary>Parses a key given as 64 hex digits or base64 of 32 bytes (surrounding whitespace ignored).</summary>
    public static byte[]? ParseKey(string text)
    {
        text = text.Trim();
        if (text.Length == 64 && text.All(char.IsAsciiHexDigit)) return Convert.FromHexString(text);
        var buffer = new byte[48];
        return Convert.TryFromBase64String(text, buffer, out int n) && n == 32 ? buffer[..32] : null;
    }

    public byte[] Encrypt(ReadOnlySpan<byte> plaintext, string column)
    {
        var output = new byte[HeaderSize + plaintext.Length + TagSize];
        output[0] = Format;
        BinaryPrimitives.WriteUInt32BigEndian(output.AsSpan(1), KeyId);
        var nonce = output.AsSpan(5, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, plaintext, output.AsSpan(HeaderSize, plaintext.Length), output.AsSpan(HeaderSize + plaintext.Length), Aad(column));
        return output;
    }

    /// <exception cref="ProtectException">Not our format, another key, or tampered/moved data.</exception>
    public byte[] Decrypt(ReadOnlySpan<byte> stored, string column)
    {
        if (stored.Length < HeaderSize + TagSize || stored[0] != Format)
            throw new ProtectException($"Protect cannot decrypt {column}: the stored value is not Protect ciphertext (was it written without the proxy?)");
        uint keyId = BinaryPrimitives.ReadUInt32BigEndian(stored[1..]);
        if (keyId != KeyId)
            throw new ProtectException($"Protect cannot decrypt {column}: the value was encrypted with another key (key id {keyId:x8}; the proxy's key id is {KeyId:x8})");
        int length = stored.Length - HeaderSize - TagSize;
        var plaintext = new byte[length];
        try
        {
            using var aes = new AesGcm(_key, TagSize);
            aes.Decrypt(stored.Slice(5, NonceSize), stored.Slice(HeaderSize, length), stored[(HeaderSize + length)..], plaintext, Aad(column));
        }
        catch (AuthenticationTagMismatchException)
        {
            throw new ProtectException($"Protect cannot decrypt {column}: authentication failed (the value was altered or belongs to another column)");
        }
        return plaintext;
    }

    private static byte[] Aad(string column) => Encoding.UTF8.GetBytes(column.ToLowerInvariant());
}
