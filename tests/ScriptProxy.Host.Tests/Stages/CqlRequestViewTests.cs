using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Abstractions.Stages;
using ScriptProxy.Abstractions.Types;
using ScriptProxy.Abstractions.Wire;
using ScriptProxy.Host.Stages;

namespace ScriptProxy.Host.Tests.Stages;

public sealed class CqlRequestViewTests
{
    private static Frame Encode(IRequest message, byte version = 4) => FrameEncoder.ToFrame(version, false, FrameFlags.None, 7, message);

    [Fact]
    public void Query_ReadsKindTargetConsistency_UnchangedKeepsOriginalBytes()
    {
        using var frame = Encode(new QueryRequest("INSERT INTO shop.orders (id) VALUES (1)", Consistency.Quorum));
        var view = new CqlRequestView(frame, new PreparedStatements());
        Assert.Equal((StatementKind.Write, "shop", "orders", Consistency.Quorum), (view.Kind, view.Keyspace, view.Table, view.Consistency));
        Assert.Equal(7, view.Stream);
        Assert.False(view.IsModified);
        Assert.Same(frame, view.ToFrame());
    }

    [Fact]
    public void Query_SetQueryAndConsistency_ReencodesCopy()
    {
        using var frame = Encode(new QueryRequest("SELECT * FROM a.t"));
        var original = frame.Envelope.ToArray();
        var view = new CqlRequestView(frame, new PreparedStatements());
        view.SetQuery("SELECT * FROM b.t");
        view.SetConsistency(Consistency.LocalQuorum);
        Assert.True(view.IsModified);
        Assert.Equal("b", view.Keyspace);
        using var changed = view.ToFrame();
        var decoded = (QueryRequest)MessageCodec.DecodeRequest(changed);
        Assert.Equal(("SELECT * FROM b.t", Consistency.LocalQuorum), (decoded.Query, decoded.Parameters.Consistency));
        Assert.Equal(7, changed.Stream);
        Assert.Equal(original, frame.Envelope.ToArray()); // the borrowed frame was never touched
    }

    [Fact]
    public void Execute_ClassifiedByRememberedStatement_ValuesByName()
    {
        var prepared = new PreparedStatements();
        byte[] id = [1, 2, 3, 4];
        var columns = new[] { new ColumnSpec("shop", "orders", "id", CqlType.Int), new ColumnSpec("shop", "orders", "note", CqlType.Text) };
        prepared.Remember(id, "UPDATE shop.orders SET note = ? WHERE id = ?", new PreparedMetadata(columns));
        var values = new[] { new CqlValueSlice(CqlValueCodec.Serialize(CqlType.Int, 42, 4)), new CqlValueSlice(CqlValueCodec.Serialize(CqlType.Text, "hi", 4)) };
        using var frame = Encode(new ExecuteRequest(id, null, new QueryParameters(Consistency.One) { Values = values }));
        var view = new CqlRequestView(frame, prepared);
        Assert.Equal((StatementKind.Write, "shop", "orders"), (view.Kind, view.Keyspace, view.Table));
        Assert.Equal(["id", "note"], view.ValueNames);
        Assert.True(view.TryGetValue("id", out var v));
        Assert.Equal(42, v);
        view.SetValue("note", "changed");
        using var changed = view.ToFrame();
        var decoded = (ExecuteRequest)MessageCodec.DecodeRequest(changed);
        Assert.Equal("changed", CqlValueCodec.Decode(CqlType.Text, decoded.Parameters.Values![1].Bytes.Span, 4));
    }

    private static PreparedStatements OrdersStatement(byte[] id)
    {
        var prepared = new PreparedStatements();
        prepared.Remember(id, "SELECT * FROM shop.orders WHERE id = ?", new PreparedMetadata([new ColumnSpec("shop", "orders", "id", CqlType.Int)]));
        return prepared;
    }

    [Fact]
    public void Execute_WithCustomPayload_IdReadAfterThePayload()
    {
        // The id is read from the body without decoding it, except when a custom payload comes first.
        byte[] id = [5, 6, 7];
        var payload = new MessageEnvelope(CustomPayload: new Dictionary<string, ReadOnlyMemory<byte>?> { ["k"] = new byte[] { 1, 2, 3, 4, 5, 6 } });
        using var frame = FrameEncoder.ToFrame(4, false, FrameFlags.None, 7, new ExecuteRequest(id, null, new QueryParameters(Consistency.One)), payload);
        Assert.NotEqual(FrameFlags.None, frame.Header.Flags & FrameFlags.CustomPayload);
        var view = new CqlRequestView(frame, OrdersStatement(id));
        Assert.Equal((StatementKind.Read, "shop", "orders", "SELECT * FROM shop.orders WHERE id = ?"), (view.Kind, view.Keyspace, view.Table, view.Query));
    }

    [Fact]
    public void Execute_V5KeyspaceFlag_WinsOverTheStatementsKeyspace()
    {
        byte[] id = [8, 9];
        using var frame = Encode(new ExecuteRequest(id, new byte[] { 1 }, new QueryParameters(Consistency.One) { Keyspace = "archive" }), version: 5);
        var view = new CqlRequestView(frame, OrdersStatement(id));
        Assert.Equal(("archive", "orders", StatementKind.Read), (view.Keyspace, view.Table, view.Kind));
    }

    [Fact]
    public void Execute_ReplacedMessage_ClassifiedByItsOwnId()
    {
        byte[] id = [1, 1];
        var prepared = OrdersStatement(id);
        prepared.Remember(new byte[] { 2, 2 }, "DELETE FROM shop.carts WHERE id = ?", new PreparedMetadata([new ColumnSpec("shop", "carts", "id", CqlType.Int)]));
        using var frame = Encode(new ExecuteRequest(id, null, new QueryParameters(Consistency.One)));
        var view = new CqlRequestView(frame, prepared);
        Assert.Equal(("orders", StatementKind.Read), (view.Table, view.Kind));
        view.SetMessage(new ExecuteRequest(new byte[] { 2, 2 }, null, new QueryParameters(Consistency.One)));
        Assert.Equal(("carts", StatementKind.Write), (view.Table, view.Kind));
    }

    [Fact]
    public void Execute_UnknownId_IsOther()
    {
        using var frame = Encode(new ExecuteRequest(new byte[] { 9 }, null, new QueryParameters(Consistency.One)));
        var view = new CqlRequestView(frame, new PreparedStatements());
        Assert.Equal(StatementKind.Other, view.Kind);
        Assert.Null(view.Query);
    }

    [Fact]
    public void Query_UnqualifiedTable_UsesTheConnectionKeyspace()
    {
        using var frame = Encode(new QueryRequest("INSERT INTO invoices (id) VALUES (1)"));
        var view = new CqlRequestView(frame, new PreparedStatements(), sessionKeyspace: "billing");
        Assert.Equal(("billing", "invoices"), (view.Keyspace, view.Table));
        using var use = Encode(new QueryRequest("USE other"));
        Assert.Equal("other", new CqlRequestView(use, new PreparedStatements(), "billing").Keyspace);
    }

    [Fact]
    public void Batch_IsWrite()
    {
        using var frame = Encode(new BatchRequest(BatchType.Logged, [BatchStatement.ForQuery("INSERT INTO ks.t (a) VALUES (1)")], Consistency.One));
        var view = new CqlRequestView(frame, new PreparedStatements());
        Assert.Equal((StatementKind.Write, "ks", "t"), (view.Kind, view.Keyspace, view.Table));
    }
}
