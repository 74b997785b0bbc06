using System.Text.Json;
using Microsoft.Extensions.Logging;
using ScriptProxy.Abstractions.Types;
using ScriptProxy.Abstractions.Wire;
using ScriptProxy.Transforms.Configuration;

namespace ScriptProxy.Transforms.Privacy;

/// <summary>Reads Protect's settings: the columns with their plain types, and the key from a file or an environment variable.</summary>
internal static class ProtectSettings
{
    public static Protect Create(JsonElement settings, BuiltinContext context)
    {
        var r = SettingsReader.Root(settings, context, "columns", "keyFile", "keyEnv");
        var columns = new List<ProtectedColumn>();
        foreach (var (name, value, key) in r.Map("columns"))
        {
            var parts = name.Split('.');
            if (parts.Length != 3 || parts.Any(p => p.Length == 0)) throw r.Problem(key, "expected a \"keyspace.table.column\" name");
            if (value.ValueKind != JsonValueKind.String) throw r.Error(key, "expected the column's plain CQL type, e.g. \"text\"", value);
            CqlType type;
            try
            {
                type = CqlType.Parse(value.GetString()!);
            }
            catch (Exception e) when (e is FormatException or ArgumentException or CqlProtocolException)
            {
                throw r.Error(key, "expected a CQL type", value);
            }
            if (!ProtectedColumn.IsAccepted(type)) throw r.Error(key, "expected a scalar CQL type other than counter and duration", value);
            columns.Add(new ProtectedColumn(parts[0], parts[1], parts[2], type));
        }
        if (columns.Count == 0) throw r.Problem("columns", "is required: {\"keyspace.table.column\": \"plain type\"}");
        return new Protect([.. columns], new ProtectCipher(ReadKey(r, context)), context.LoggerFactory.CreateLogger("ScriptProxy.Transforms.Protect"));
    }

    private static byte[] ReadKey(SettingsReader r, BuiltinContext context)
    {
        string? file = r.String("keyFile"), env = r.String("keyEnv");
        if ((file is null) == (env is null)) throw r.Problem("", "expected exactly one of \"keyFile\" (a path) or \"keyEnv\" (an environment variable name) holding a 32-byte key as 64 hex digits or base64");
        string text;
        if (file is not null)
        {
            try
            {
                var bytes = File.ReadAllBytes(file);
                if (bytes.Length == 32) return bytes; // a raw binary key
                text = System.Text.Encoding.UTF8.GetString(bytes);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw r.Problem("keyFile", $"cannot be read: {e.Message}");
            }
        }
        else
        {
            text = context.GetEnvironmentVariable(env!) ?? throw r.Problem("keyEnv", $"the environment variable {env} is not set");
        }
        return ProtectCipher.ParseKey(text) ?? throw r.Problem(file is not null ? "keyFile" : "keyEnv", "the key must be 32 bytes: 64 hex digits or base64 (e.g. from `openssl rand -base64 32`)");
    }
}
