namespace ScriptProxy.Host.Tests.Transforms.Privacy;

/// <summary>
/// Protect with the real Python driver through the proxy: every accepted plain type round-trips (prepared, batched,
/// literal, read simple and prepared), while the cluster holds only ciphertext blobs.
/// </summary>
[Collection(TransformCollection.Name)]
public sealed class ProtectTests : IDisposable
{
    private static readonly string[] Types =
        ["ascii", "bigint", "blob", "boolean", "date", "decimal", "double", "float", "inet", "int", "smallint", "text", "varchar", "time", "timestamp", "timeuuid", "tinyint", "uuid", "varint"];

    private readonly string _keyFile = Path.Combine(Path.GetTempPath(), "sp-protect-" + Guid.NewGuid().ToString("N")[..8] + ".key");

    public void Dispose() => File.Delete(_keyFile);

    [Fact]
    public async Task PythonDriver_RoundTripsEveryAcceptedType_ClusterHoldsCiphertext()
    {
        File.WriteAllText(_keyFile, Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
        string columns = string.Join(", ", Types.Select(t => $"\"sec.vault.c_{t}\": \"{t}\""));
        string key = System.Text.Json.JsonSerializer.Serialize(_keyFile);
        await using var bed = await TransformBed.StartAsync($$$"""[{"builtin": "Protect", "keyFile": {{{key}}}, "columns": { {{{columns}}} }}]""");
        var j = await bed.RunAsync("transforms_privacy.py", "Protect");
        // PREPARED metadata shows the plain types, so the driver binds them normally.
        Assert.Equal(Types.Select(t => t == "text" ? "varchar" : t), j.GetProperty("bound_types").EnumerateArray().Select(e => e.GetString()));
        Assert.True(j.GetProperty("prepared_read_1").GetBoolean(), $"{j.GetProperty("prepared_read_values")} != {j.GetProperty("expected")}");
        Assert.True(j.GetProperty("prepared_read_2").GetBoolean());
        Assert.True(j.GetProperty("simple_read_1").GetBoolean());
        Assert.Equal("""["updatedsecret",77,true,5,"literal"]""", j.GetProperty("simple_read_3").GetRawText().Replace(" ", ""));
        Assert.Equal("prepared", j.GetProperty("node_note").GetString());
        Assert.Equal("[]", j.GetProperty("node_plain_visible").GetRawText());
        Assert.False(j.GetProperty("node_literal_plain_visible").GetBoolean());
        // Nonce and tag make every ciphertext longer than any plain value here (a tinyint is 1 byte).
        Assert.All(j.GetProperty("node_lengths").EnumerateObject(), p => Assert.True(p.Value.GetInt32() >= 28, $"{p.Name}: {p.Value}"));
    }
}
