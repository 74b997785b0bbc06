using ScriptProxy.Node.Execution;
using ScriptProxy.Abstractions.Wire;

namespace ScriptProxy.Node.Cql.Parser;

/// <summary>A statement that does not parse. Answered as SyntaxError (0x2000) with Cassandra-style position text.</summary>
internal sealed class CqlSyntaxException(string message) : CqlException(ErrorCode.SyntaxError, message);
