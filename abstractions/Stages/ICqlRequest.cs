using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Abstractions.Wire;

namespace ScriptProxy.Abstractions.Stages;

/// <summary>
/// A request as a typed, lazy view over its borrowed frame: nothing is parsed until a property is read.
/// Setters never touch the borrowed bytes; they record a change and the host encodes a new frame
/// (copy-on-write). An untouched request is forwarded as its original bytes.
/// </summary>
public interface ICqlRequest
{
    /// <summary>The borrowed frame; valid only during the exchange.</summary>
    Frame Frame { get; }

    Opcode Opcode { get; }

    byte Version { get; }

    short Stream { get; }

    StatementKind Kind { get; }

    /// <summary>From the query text, the v5 keyspace flag, or the connection's USE; null if unknown.</summary>
    string? Keyspace { get; }

    string? Table { get; }

    /// <summary>QUERY and PREPARE text; for EXECUTE the prepared statement's text; null for other opcodes and batches.</summary>
    string? Query { get; }

    /// <summary>QUERY, EXECUTE and BATCH consistency; null otherwise.</summary>
    Consistency? Consistency { get; }

    /// <summary>Bound value names (from PREPARED metadata for EXECUTE, from NAMES for named values); empty if unknown.</summary>
    IReadOnlyList<string> ValueNames { get; }

    /// <summary>A bound value decoded to its CLR value by column name.</summary>
    bool TryGetValue(string name, out object? value);

    /// <summary>True once a setter changed something.</summary>
    bool IsModified { get; }

    void SetQuery(string cql);

    void SetConsistency(Consistency consistency);

    void SetValue(string name, object? value);
}
