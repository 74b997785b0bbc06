using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Abstractions.Stages;
using ScriptProxy.Abstractions.Wire;

namespace ScriptProxy.Host.Tests.Support;

/// <summary>A QUERY as stages see it, for runtime tests that do not need real frames (the pipeline never reads the frame itself).</summary>
internal sealed class TestRequest(string query, short stream = 1, StatementKind kind = StatementKind.Read, string? keyspace = "ks") : ICqlRequest
{
    private string _query = query;

    public Frame Frame { get; } = new(FrameHeader.Create(4, false, FrameFlags.None, stream, Opcode.Query, 0), ReadOnlyMemory<byte>.Empty, ReadOnlyMemory<byte>.Empty, null);

    public Opcode Opcode => Opcode.Query;

    public byte Version => 4;

    public short Stream => stream;

    public StatementKind Kind => kind;

    public string? Keyspace => keyspace;

    public string? Table => "t";

    public string? Query => _query;

    public Consistency? Consistency { get; private set; } = Abstractions.Wire.Consistency.One;

    public IReadOnlyList<string> ValueNames => [];

    public bool IsModified { get; private set; }

    public bool TryGetValue(string name, out object? value)
    {
        value = null;
        return false;
    }

    public void SetQuery(string cql)
    {
        _query = cql;
        IsModified = true;
    }

    public void SetConsistency(Consistency consistency)
    {
        Consistency = consistency;
        IsModified = true;
    }

    public void SetValue(string name, object? value) => throw new NotSupportedException();
}
