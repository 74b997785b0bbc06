using System.Buffers.Binary;
using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Abstractions.Stages;
using ScriptProxy.Abstractions.Types;
using ScriptProxy.Abstractions.Wire;

namespace ScriptProxy.Host.Stages;

/// <summary>
/// The host's <see cref="ICqlRequest"/>: a lazy typed view over an owned request frame (body already
/// decompressed). Header fields come from the header; the body is decoded on first use and cached; setters
/// record a changed message and <see cref="ToFrame"/> encodes it (copy-on-write: an unchanged request is
/// forwarded as its original bytes). EXECUTE is classified by the statement remembered from its PREPARE.
/// </summary>
/// <param name="frame">The owned request frame (body decompressed).</param>
/// <param name="prepared">Statements seen prepared, to classify EXECUTE.</param>
/// <param name="sessionKeyspace">The connection's keyspace from its last USE, for unqualified table names.</param>
public sealed class CqlRequestView(Frame frame, PreparedStatements prepared, string? sessionKeyspace = null) : ICqlRequest, IDisposable
{
    private IRequest? _message;
    private MessageEnvelope? _envelope;
    private IRequest? _modified;

    public Frame Frame => frame;

    public Opcode Opcode => frame.Opcode;

    public byte Version => frame.Version;

    public short Stream => frame.Stream;

    /// <summary>The request as decoded (or as changed by a stage).</summary>
    public IRequest Message => _modified ?? Decoded;

    private IRequest Decoded
    {
        get
        {
            if (_message is null)
            {
                _message = MessageCodec.DecodeRequest(frame, out var envelope);
                _envelope = envelope;
            }
            return _message;
        }
    }

    /// <summary>For EXECUTE: the statement remembered from its PREPARE (null if this proxy did not see it prepared).</summary>
    public PreparedStatement? Statement
    {
        get
        {
            if (frame.Opcode != Opcode.Execute) return null;
            if (_modified is ExecuteRequest changed)
            {
                // A replaced message looks again (once per message).
                if (!ReferenceEquals(_statementOf, changed))
                {
                    _statement = prepared.Find(changed.QueryId.Span);
                    _statementOf = changed;
                }
                return _statement;
            }
            // Looked up once (Kind, Keyspace, Table, Query and the response all ask), from the id as it is in the body:
            // classifying an EXECUTE needs no decoding of its values.
            if (!_originalLooked)
            {
                _statement = prepared.Find(OriginalQueryId());
                _statementOf = null;
                _originalLooked = true;
            }
            return _statement;
        }
    }

    private ExecuteRequest? _statementOf;
    private bool _originalLooked;
    private PreparedStatement? _statement;

    /// <summary>
    /// The EXECUTE id of the original frame: its body's first <c>[short bytes]</c>. A body that starts with a custom payload,
    /// or does not hold a whole id, is decoded instead (which throws <see cref="CqlProtocolException"/> when it is malformed).
    /// </summary>
    private ReadOnlySpan<byte> OriginalQueryId()
    {
        var body = frame.Body.Span;
        if (!MessageEnvelope.HasCustomPayload(frame.Header) && body.Length >= 2)
        {
            int length = BinaryPrimitives.ReadInt16BigEndian(body);
            if (length >= 0 && body.Length - 2 >= length) return body.Slice(2, length);
        }
        return ((ExecuteRequest)Decoded).QueryId.Span;
    }

    /// <summary>An unchanged v3/v4 EXECUTE: everything a stage reads to classify it comes from its prepared statement.</summary>
    private bool ClassifiedByStatement => frame.Opcode == Opcode.Execute && _modified is null && frame.Version < ProtocolVersion.V5;

    public StatementKind Kind => frame.Opcode == Opcode.Execute ? Statement?.Kind ?? StatementClassifier.Classify(null) : Message switch
    {
        QueryRequest q => StatementClassifier.Classify(q.Query),
        // A batch holds only writes; an unknown prepared child is still a write.
        BatchRequest => StatementKind.Write,
        _ => StatementKind.Other,
    };

    // v3/v4 query parameters carry no keyspace, so an unchanged EXECUTE there needs no decoding for it.
    public string? Keyspace => ClassifiedByStatement ? StatementKeyspace(null) : Message switch
    {
        QueryRequest q => q.Parameters.Keyspace ?? StatementClassifier.Target(q.Query).Keyspace ?? UnqualifiedKeyspace(q.Query),
        PrepareRequest p => p.Keyspace ?? StatementClassifier.Target(p.Query).Keyspace ?? UnqualifiedKeyspace(p.Query),
        ExecuteRequest e => StatementKeyspace(e),
        BatchRequest b => b.Keyspace ?? b.Statements.Select(s => StatementClassifier.Target(s.Query ?? FindPrepared(s)).Keyspace).FirstOrDefault(k => k is not null) ?? sessionKeyspace,
        _ => null,
    };

    // A statement naming a table without a keyspace runs in the connection's keyspace (set by USE).
    private string? UnqualifiedKeyspace(string cql) => StatementClassifier.Target(cql).Table is not null ? sessionKeyspace : null;

    public string? Table => frame.Opcode == Opcode.Execute ? Statement?.Target.Table : Message switch
    {
        BatchRequest b => b.Statements.Select(s => StatementClassifier.Target(s.Query ?? FindPrepared(s)).Table).FirstOrDefault(t => t is not null),
        _ => StatementClassifier.Target(Query).Table,
    };

    public string? Query => frame.Opcode == Opcode.Execute ? Statement?.Query : Message switch
    {
        QueryRequest q => q.Query,
        PrepareRequest p => p.Query,
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
        QueryRequest q => q.Parameters.ValueNames ?? [],
        ExecuteRequest => Statement?.Variables.Columns.Select(c => c.Name).ToArray() ?? [],
        _ => [],
    };

    public bool IsModified => _modified is not null;

    public bool TryGetValue(string name, out object? value)
    {
        value = null;
        switch (Message)
        {
            case ExecuteRequest e when Statement is { } statement && e.Parameters.Values is { } values:
                int index = IndexOf(statement.Variables.Columns, name);
                if (index < 0 || index >= values.Count) return false;
                var slice = values[index];
                value = slice.HasBytes ? CqlValueCodec.Decode(statement.Variables.Columns[index].Type, slice.Bytes.Span, Version) : null;
                return true;
            case QueryRequest q when q.Parameters.ValueNames is { } names && q.Parameters.Values is { } raw:
                // Named QUERY values carry no types: the raw bytes are all there is.
                int at = names.ToList().IndexOf(name);
                if (at < 0 || at >= raw.Count) return false;
                value = raw[at].HasBytes ? raw[at].Bytes.ToArray() : null;
                return true;
            default:
                return false;
        }
    }

    public void SetQuery(string cql)
    {
        ArgumentNullException.ThrowIfNull(cql);
        _modified = Message switch
        {
            QueryRequest q => q with { Query = cql },
            PrepareRequest p => p with { Query = cql },
            _ => throw new InvalidOperationException($"SetQuery applies to QUERY and PREPARE, not {Opcode}"),
        };
    }

    public void SetConsistency(Consistency consistency) => _modified = Message switch
    {
        QueryRequest q => q with { Parameters = q.Parameters with { Consistency = consistency } },
        ExecuteRequest e => e with { Parameters = e.Parameters with { Consistency = consistency } },
        BatchRequest b => b with { Consistency = consistency },
        _ => throw new InvalidOperationException($"SetConsistency applies to QUERY, EXECUTE and BATCH, not {Opcode}"),
    };

    public void SetValue(string name, object? value)
    {
        if (Message is not ExecuteRequest e || Statement is not { } statement || e.Parameters.Values is not { } values)
            throw new InvalidOperationException("SetValue applies to EXECUTE of a statement prepared through this proxy");
        int index = IndexOf(statement.Variables.Columns, name);
        if (index < 0 || index >= values.Count) throw new ArgumentException($"No bound value named '{name}'", nameof(name));
        var copy = values.ToArray();
        copy[index] = value is null ? CqlValueSlice.Null : new CqlValueSlice(CqlValueCodec.Serialize(statement.Variables.Columns[index].Type, value, Version));
        _modified = e with { Parameters = e.Parameters with { Values = copy } };
    }

    /// <summary>Replaces the whole request (a stage's <c>SetRequestMessage</c>); it is encoded on this frame's version, stream and flags.</summary>
    public void SetMessage(IRequest message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Opcode != Opcode)
            throw new ArgumentException($"A {Opcode} request can only be replaced by another {Opcode}, not {message.Opcode}", nameof(message));
        _ = Decoded; // keeps the original's custom payload for the re-encoded frame
        _modified = message;
    }

    /// <summary>The frame to send upstream: the original bytes, or a new (uncompressed) frame when a stage changed the request.</summary>
    public Frame ToFrame() => _modified is null ? frame : FrameEncoder.ToFrame(frame.Header, _modified, _envelope);

    private string? StatementKeyspace(ExecuteRequest? e)
    {
        if (e?.Parameters.Keyspace is { } flagged) return flagged;
        var statement = Statement;
        if (statement is null) return null;
        var columns = statement.Variables.Columns;
        return columns.Count > 0 ? columns[0].Keyspace : statement.Target.Keyspace;
    }

    private string? FindPrepared(BatchStatement s) => s.PreparedId is { } id ? prepared.Find(id.Span)?.Query : null;

    private static int IndexOf(IReadOnlyList<ColumnSpec> columns, string name)
    {
        for (int i = 0; i < columns.Count; i++)
        {
            if (string.Equals(columns[i].Name, name, StringComparison.Ordinal)) return i;
        }
        return -1;
    }

    public void Dispose() => frame.Dispose();
}
