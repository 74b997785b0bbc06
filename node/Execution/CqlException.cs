using ScriptProxy.Abstractions.Wire;

namespace ScriptProxy.Node.Execution;

/// <summary>
/// A request the node refuses, with the protocol error code to answer with. Anything else thrown while executing
/// is a bug and is answered as ServerError without closing the connection.
/// </summary>
internal class CqlException(ErrorCode code, string message) : Exception(message)
{
    public ErrorCode Code { get; } = code;

    /// <summary>For AlreadyExists (0x2400): the keyspace, and the table ("" for a keyspace).</summary>
    public string? Keyspace { get; init; }

    public string? Table { get; init; }

    /// <summary>For Unprepared (0x2500): the unknown id.</summary>
    public byte[]? UnpreparedId { get; init; }

    public static CqlException Invalid(string message) => new(ErrorCode.Invalid, message);

    public static CqlException KeyspaceMissing(string keyspace) => new(ErrorCode.Invalid, $"Keyspace '{keyspace}' does not exist");

    public static CqlException TableMissing(string keyspace, string table) => new(ErrorCode.Invalid, $"unconfigured table {table}");

    public static CqlException AlreadyExists(string keyspace, string table, string message) =>
        new(ErrorCode.AlreadyExists, message) { Keyspace = keyspace, Table = table };
}
