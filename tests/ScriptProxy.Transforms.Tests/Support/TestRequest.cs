using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Abstractions.Stages;
using ScriptProxy.Abstractions.Types;
using ScriptProxy.Abstractions.Wire;
using ScriptProxy.Transforms.Cql;

namespace ScriptProxy.Transforms.Tests.Support;

/// <summary>
/// The test host's <see cref="ICqlRequest"/>: a real encoded frame, decoded with MessageCodec on every read, and
/// re-encoded on every change (copy-on-write). EXECUTE is classified by the statement the node prepared for its id,
/// BATCH by its children, as the contract says.
/// </summary>
public sealed class TestRequest : ICqlRequest
{
    private readonly TestConnection _connection;

    public TestRequest(IRequest message, TestConnection connection, byte version, short stream)
    {
        _connection = connection;
        Frame = FrameEncoder.ToFrame(version, response: false, FrameFlags.None, stream, message);
    }

    public Frame Frame { get; private set; }

    public IRequest Message => MessageCodec.DecodeRequest(Frame);

    public Opcode Opcode => Frame.Opcode;

    public byte Version => Frame.Version;

    public short Stream => Frame.Stream;

    public bool IsModified { get; private set; }

    private CqlStatement? Statement => Query is { } q ? CqlParser.Parse(q) : null;

    public StatementKind Kind => Message switch
    {
        QueryRequest or ExecuteRequest => Statement?.Kind ?? StatementKind.Other,
        BatchRequest b => b.Statements.Select(ChildText).Select(t => t is null ? StatementKind.Write : CqlParser.Parse(t).Kind)
            .Any(k => k == StatementKind.Write) ? StatementKind.Write : StatementKind.Other,
        _ => StatementKind.Other,
    };

    public string? Keyspace => Statement?.Keyspace ?? (Message is BatchRequest b ? b.Statements.Select(ChildText).Where(t => t is not null).Select(t => CqlParser.Parse(t!).Keyspace).FirstOrDefault() : null) ?? _connection.Keyspace;

    public string? Table => Statement?.Table ?? (Message is BatchRequest b ? b.Statements.Select(ChildText).Where(t => t is not null).Select(t => CqlParser.Parse(t!).Table).FirstOrDefault() : null);

    public string? Query => Message switch
    {
        QueryRequest q => q.Query,
        PrepareRequest p => p.Query,
        ExecuteRequest e => _connection.PreparedText(e.QueryId),
        _ => null,
    };

    public Consistency? Consistency => Message switch
    {
        QueryRequest q => q.Parameters.Consistency,
        ExecuteRequest e => e.Parameters.Consistency,
        BatchRequest b => b.Consistency,
        _ => null,
    };

    public IReadOnlyList<string> ValueNames => Message switch
    {
        ExecuteRequest e => _connection.PreparedVariables(e.QueryId)?.Select(c => c.Name).ToList() ?? [],
        QueryRequest q => q.Parameters.ValueNames ?? [],
        _ => [],
    };

    public bool TryGetValue(string name, out object? value)
    {
        value = null;
        if (Message is not ExecuteRequest e || _connection.PreparedVariables(e.QueryId) is not { } vars) return false;
        int i = vars.ToList().FindIndex(c => c.Name == name);
        if (i < 0 || e.Parameters.Values is not { } values || i >= values.Count) return false;
        value = values[i].HasBytes ? CqlValueCodec.Decode(vars[i].Type, values[i].Bytes.Span, Version) : null;
        return true;
    }

    public void SetQuery(string cql) => SetMessage(Message switch
    {
        QueryRequest q => q with { Query = cql },
        PrepareRequest p => p with { Query = cql },
        _ => throw new InvalidOperationException($"{Opcode} has no query text"),
    });

    public void SetConsistency(Consistency consistency) => SetMessage(Message switch
    {
        QueryRequest q => q with { Parameters = q.Parameters with { Consistency = consistency } },
        ExecuteRequest e => e with { Parameters = e.Parameters with { Consistency = consistency } },
        BatchRequest b => b with { Consistency = consistency },
        _ => throw new InvalidOperationException($"{Opcode} has no consistency"),
    });

    public void SetValue(string name, object? value)
    {
        if (Message is not ExecuteRequest e || _connection.PreparedVariables(e.QueryId) is not { } vars) throw new InvalidOperationException("SetValue needs EXECUTE");
        int i = vars.ToList().FindIndex(c => c.Name == name);
        var values = e.Parameters.Values!.ToArray();
        values[i] = value is null ? CqlValueSlice.Null : new CqlValueSlice(CqlValueCodec.Serialize(vars[i].Type, value, Version));
        SetMessage(e with { Parameters = e.Parameters with { Values = values } });
    }

    public void SetMessage(IRequest message)
    {
        Frame = FrameEncoder.ToFrame(Frame.Header, message);
        IsModified = true;
    }

    private string? ChildText(BatchStatement s) => s.Query ?? _connection.PreparedText(s.PreparedId!.Value);
}
