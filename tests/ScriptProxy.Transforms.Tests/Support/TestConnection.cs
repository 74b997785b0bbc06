using ScriptProxy.Abstractions.Messages;

namespace ScriptProxy.Transforms.Tests.Support;

/// <summary>
/// What a host connection remembers for the requests it classifies: the USE keyspace and the prepared statements
/// (id → text and bind markers), learnt from the responses that pass through.
/// </summary>
public sealed class TestConnection(TestNode node)
{
    private readonly Dictionary<string, (string Text, IReadOnlyList<ColumnSpec> Variables)> _prepared = new(StringComparer.Ordinal);

    public TestNode Node { get; } = node;

    public string? Keyspace { get; set; }

    public string Client { get; init; } = "127.0.0.1:50000";

    public byte Version { get; init; } = 4;

    public string? PreparedText(ReadOnlyMemory<byte> id) => _prepared.TryGetValue(Convert.ToHexString(id.Span), out var p) ? p.Text : null;

    public IReadOnlyList<ColumnSpec>? PreparedVariables(ReadOnlyMemory<byte> id) => _prepared.TryGetValue(Convert.ToHexString(id.Span), out var p) ? p.Variables : null;

    /// <summary>Records what a response teaches the connection (as the host does after the pipeline).</summary>
    public void Learn(IRequest request, IResponse response)
    {
        if (request is PrepareRequest p && response is PreparedResult r) _prepared[Convert.ToHexString(r.Id.Span)] = (p.Query, r.Variables.Columns);
        if (response is SetKeyspaceResult s) Keyspace = s.Keyspace;
    }
}
