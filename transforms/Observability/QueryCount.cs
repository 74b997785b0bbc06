using ScriptProxy.Abstractions.Stages;

namespace ScriptProxy.Transforms.Observability;

/// <summary>One row of a <see cref="QueryCounter"/> snapshot: requests and error responses for a kind, keyspace and table.</summary>
/// <param name="Kind">Read, Write, Schema or Other.</param>
/// <param name="Keyspace">The request's keyspace, or "" when unknown.</param>
/// <param name="Table">The request's table, or "" when unknown.</param>
/// <param name="Requests">Requests seen.</param>
/// <param name="Errors">Of those, answered with an ERROR (by the upstream or a later stage).</param>
public sealed record QueryCount(StatementKind Kind, string Keyspace, string Table, long Requests, long Errors);
