namespace ScriptProxy.Transforms.Cql;

/// <summary>"column = term" as found in INSERT column/value lists, UPDATE SET clauses and WHERE equalities.</summary>
internal sealed record CqlColumnTerm(string Column, CqlTerm Term);
