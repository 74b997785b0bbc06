using System.Net;
using System.Numerics;
using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Abstractions.Types;
using ScriptProxy.Abstractions.Wire;
using ScriptProxy.Transforms.Privacy;
using ScriptProxy.Transforms.Tests.Support;

namespace ScriptProxy.Transforms.Tests.Privacy;

public class ProtectTests
{
    private const string Key = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    private const string OtherKey = "ff0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

    /// <summary>Every type Protect accepts: CQL type, a value, and the same value as a CQL literal.</summary>
    public static readonly (string Type, object Value, string Literal)[] Cases =
    [
        ("ascii", "abc", "'abc'"),
        ("bigint", 9_000_000_000L, "9000000000"),
        ("blob", new byte[] { 1, 2, 3 }, "0x010203"),
        ("boolean", true, "true"),
        ("date", CqlDate.FromDateOnly(new DateOnly(2024, 2, 29)), "'2024-02-29'"),
        ("decimal", new CqlDecimal(12345, 2), "123.45"),
        ("double", 1.5, "1.5"),
        ("float", 2.5f, "2.5"),
        ("inet", IPAddress.Parse("10.0.0.1"), "'10.0.0.1'"),
        ("int", 42, "42"),
        ("smallint", (short)7, "7"),
        ("text", "héllo 'q'", "'héllo ''q'''"),
        ("time", CqlTime.FromTimeSpan(new TimeSpan(0, 12, 34, 56, 789)), "'12:34:56.789'"),
        ("timestamp", DateTimeOffset.Parse("2024-01-02T03:04:05.678Z"), "'2024-01-02T03:04:05.678Z'"),
        ("timeuuid", Guid.Parse("50554d6e-29bb-11e5-b345-feff819cdc9f"), "50554d6e-29bb-11e5-b345-feff819cdc9f"),
        ("tinyint", (sbyte)-5, "-5"),
        ("uuid", Guid.Parse("123e4567-e89b-12d3-a456-426614174000"), "123e4567-e89b-12d3-a456-426614174000"),
        ("varint", BigInteger.Parse("123456789012345678901234567890"), "123456789012345678901234567890"),
    ];

    private static TestNode Vault()
    {
        var node = new TestNode();
        node.CreateTable("shop", "vault", [("id", CqlType.Int), .. Cases.Select(c => ($"c_{c.Type}", (CqlType)CqlType.Blob))]);
        return node;
    }

    private static string Config(string keyEnv = "PROTECT_KEY") =>
        "{\"keyEnv\": \"" + keyEnv + "\", \"columns\": {" + string.Join(", ", Cases.Select(c => $"\"shop.vault.c_{c.Type}\": \"{c.Type}\"")) + "}}";

    private static Protect Create(string key = Key) =>
        (Protect)Stages.Create("Protect", Config(), new BuiltinContext("proxy.json", "stages[0]") { GetEnvironmentVariable = n => n == "PROTECT_KEY" ? key : null });

    private static void AssertPlainRow(RowsResult rows, int row)
    {
        foreach (var c in Cases)
        {
            var spec = rows.Columns![rows.Metadata.IndexOf($"c_{c.Type}")];
            Assert.Equal(CqlType.Parse(c.Type), spec.Type); // the client sees the plain type, not blob
            var value = CqlValueCodec.Decode(spec.Type, rows.GetCell(row, spec.Name).Bytes.Span, 4);
            Assert.Equal(c.Value, value);
        }
    }

    private static void AssertCiphertextUpstream(TestNode node, int id)
    {
        var cipher = new ProtectCipher(Convert.FromHexString(Key));
        foreach (var c in Cases)
        {
            var stored = node.RawCell("shop", "vault", id, $"c_{c.Type}")!;
            var plain = CqlValueCodec.Serialize(CqlType.Parse(c.Type), c.Value, 4);
            Assert.Equal(1, stored[0]); // format byte
            Assert.True(stored.Length >= plain.Length + 33);
            Assert.False(stored.AsSpan().IndexOf(plain) >= 0 && plain.Length > 3, $"{c.Type}: plaintext visible upstream");
            Assert.Equal(plain, cipher.Decrypt(stored, $"shop.vault.c_{c.Type}"));
        }
    }

    [Fact]
    public async Task Literals_of_every_accepted_type_round_trip_and_the_upstream_holds_ciphertext()
    {
        var node = Vault();
        var c = Fixtures.Connect(node);
        var protect = Create();
        string columns = string.Join(", ", Cases.Select(x => $"c_{x.Type}"));
        string literals = string.Join(", ", Cases.Select(x => x.Literal));

        Assert.IsType<VoidResult>(await c.Query($"INSERT INTO vault (id, {columns}) VALUES (1, {literals})", protect));
        var rows = Assert.IsType<RowsResult>(await c.Query("SELECT * FROM vault WHERE id = 1", protect));

        AssertPlainRow(rows, 0);
        AssertCiphertextUpstream(node, 1);
    }

    [Fact]
    public async Task Bound_values_of_every_accepted_type_round_trip_through_prepared_statements()
    {
        var node = Vault();
        var c = Fixtures.Connect(node);
        var protect = Create();
        string columns = string.Join(", ", Cases.Select(x => $"c_{x.Type}"));
        var insert = await c.Prepare($"INSERT INTO vault (id, {columns}) VALUES (?, {string.Join(", ", Cases.Select(_ => "?"))})", protect);
        var select = await c.Prepare("SELECT * FROM vault WHERE id = ?", protect);

        // The driver binds by the PREPARED metadata, which now shows the plain types.
        var vars = insert.Variables.Columns;
        Assert.Equal(CqlType.Int, vars[0].Type);
        var values = new List<CqlValueSlice> { new(CqlValueCodec.Serialize(CqlType.Int, 2, 4)) };
        for (int i = 0; i < Cases.Length; i++)
        {
            Assert.Equal(CqlType.Parse(Cases[i].Type), vars[i + 1].Type);
            values.Add(new CqlValueSlice(CqlValueCodec.Serialize(vars[i + 1].Type, Cases[i].Value, 4)));
        }
        Assert.IsType<VoidResult>(await c.Execute(insert, values, protect));
        var rows = Assert.IsType<RowsResult>(await c.Execute(select, [new CqlValueSlice(CqlValueCodec.Serialize(CqlType.Int, 2, 4))], protect));

        AssertPlainRow(rows, 0);
        AssertCiphertextUpstream(node, 2);
    }

    [Fact]
    public async Task Positional_bound_values_of_a_plain_query_and_batches_are_encrypted()
    {
        var node = Vault();
        var c = Fixtures.Connect(node);
        var protect = Create();
        var text = new CqlValueSlice("secret"u8.ToArray());
        await c.Run(new QueryRequest("INSERT INTO vault (id, c_text) VALUES (3, ?)", new QueryParameters(Consistency.One) { Values = [text] }), protect);
        await c.Run(new BatchRequest(BatchType.Logged, [BatchStatement.ForQuery("INSERT INTO vault (id, c_text) VALUES (?, 'batched')", [new CqlValueSlice(CqlValueCodec.Serialize(CqlType.Int, 4, 4))])], Consistency.One), protect);

        var cipher = new ProtectCipher(Convert.FromHexString(Key));
        Assert.Equal("secret"u8.ToArray(), cipher.Decrypt(node.RawCell("shop", "vault", 3, "c_text")!, "shop.vault.c_text"));
        Assert.Equal("batched"u8.ToArray(), cipher.Decrypt(node.RawCell("shop", "vault", 4, "c_text")!, "shop.vault.c_text"));
    }

    [Fact]
    public async Task A_wrong_key_is_a_clear_error_never_garbage()
    {
        var node = Vault();
        var c = Fixtures.Connect(node);
        await c.Query("INSERT INTO vault (id, c_text) VALUES (1, 'x')", Create());

        var r = await c.Query("SELECT c_text FROM vault WHERE id = 1", Create(OtherKey));

        Stages.AssertError(r, ErrorCode.ServerError, "Protect cannot decrypt shop.vault.c_text: the value was encrypted with another key");
    }

    [Fact]
    public async Task Plaintext_written_behind_the_proxys_back_is_reported_not_returned()
    {
        var node = Vault();
        var c = Fixtures.Connect(node);
        await c.Query("INSERT INTO vault (id, c_blob) VALUES (1, 0x0102)"); // no Protect stage
        Stages.AssertError(await c.Query("SELECT * FROM vault WHERE id = 1", Create()), ErrorCode.ServerError, "not Protect ciphertext");
    }

    [Fact]
    public async Task Filtering_on_a_protected_column_and_bad_literals_are_refused()
    {
        var node = Vault();
        var c = Fixtures.Connect(node);
        var protect = Create();
        Stages.AssertError(await c.Query("SELECT * FROM vault WHERE c_text = 'x'", protect), ErrorCode.Invalid, "Cannot filter on protected column shop.vault.c_text");
        Stages.AssertError(await c.Run(new PrepareRequest("SELECT * FROM vault WHERE c_int = ?"), protect), ErrorCode.Invalid, "Cannot filter");
        Stages.AssertError(await c.Query("INSERT INTO vault (id, c_int) VALUES (1, 'nope')", protect), ErrorCode.Invalid, "Invalid literal for protected column shop.vault.c_int of type int");
        Assert.Empty(node.Received);
    }

    [Fact]
    public async Task Execute_of_an_unknown_prepared_id_asks_the_driver_to_prepare_again()
    {
        var node = Vault();
        var c = Fixtures.Connect(node);
        var insert = await c.Prepare("INSERT INTO vault (id, c_text) VALUES (?, ?)"); // prepared without Protect
        var r = await c.Execute(insert, [new CqlValueSlice(CqlValueCodec.Serialize(CqlType.Int, 1, 4)), new CqlValueSlice("x"u8.ToArray())], Create());
        Stages.AssertError(r, ErrorCode.Unprepared);
        Assert.Equal(0, node.RowCount("shop", "vault"));
    }

    [Fact]
    public void Key_and_columns_are_validated()
    {
        BuiltinContext Ctx(string? key) => new("proxy.json", "stages[3]") { GetEnvironmentVariable = _ => key };
        Assert.Contains("'stages[3].keyEnv': the environment variable PROTECT_KEY is not set", Assert.Throws<TransformConfigException>(() => Stages.Create("Protect", Config(), Ctx(null))).Message);
        Assert.Contains("must be 32 bytes", Assert.Throws<TransformConfigException>(() => Stages.Create("Protect", Config(), Ctx("abcd"))).Message);
        Assert.Contains("'stages[3].columns.shop.t.c': expected a scalar CQL type other than counter and duration, got \"list<int>\"",
            Assert.Throws<TransformConfigException>(() => Stages.Create("Protect", """{"keyEnv": "K", "columns": {"shop.t.c": "list<int>"}}""", Ctx(Key))).Message);
        Assert.Contains("exactly one of \"keyFile\"", Assert.Throws<TransformConfigException>(() => Stages.Create("Protect", """{"columns": {"shop.t.c": "int"}}""", Ctx(Key))).Message);
        Assert.NotNull(Stages.Create("Protect", Config(), Ctx(Convert.ToBase64String(Convert.FromHexString(Key)))));
    }
}
