using System.Security.Cryptography;

namespace ScriptProxy.Host.Stages;

/// <summary>Content hashes for change detection (a rewrite with the same bytes does not rebuild).</summary>
internal static class SourceFingerprint
{
    public static string OfFile(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            return Convert.ToHexString(SHA256.HashData(stream));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Missing or mid-write: a distinct value so the build runs and reports the problem.
            return "unreadable:" + e.GetType().Name;
        }
    }

    /// <summary>Hash of every file under a plugin's folder (name + content), so a changed dependency also reloads.</summary>
    public static string OfDirectory(string directory)
    {
        if (!Directory.Exists(directory)) return "missing";
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in Directory.GetFiles(directory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(Path.GetRelativePath(directory, file)));
            hash.AppendData(Convert.FromHexString(OfFile(file) is { Length: 64 } h ? h : new string('0', 64)));
        }
        return Convert.ToHexString(hash.GetHashAndReset());
    }
}
