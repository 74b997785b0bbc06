using System.Collections.Concurrent;
using ScriptProxy.Node.Cql.Ast;
using ScriptProxy.Node.Cql.Parser;
using ScriptProxy.Node.Execution;
using ScriptProxy.Node.Hosting;
using ScriptProxy.Node.Schema;
using ScriptProxy.Node.Storage;
using ScriptProxy.Node.SystemTables;

namespace ScriptProxy.Node.Server;

/// <summary>The state one node shares across its connections: schema, storage, executor, prepared statements, parse cache.</summary>
internal sealed class NodeCore
{
    private readonly ConcurrentDictionary<string, ParsedStatement> _parsed = new(StringComparer.Ordinal);

    public NodeCore(EmbeddedNodeOptions options)
    {
        Options = options;
        foreach (var ks in SystemKeyspaces.Create()) Schema.Install(ks);
        Executor = new StatementExecutor(Schema, Storage, () => Options);
        Schema.Changed += _ => Prepared.Clear();
        Authenticator = options.Users.Count > 0 ? new Security.PasswordAuthenticator(options.Users) : null;
        Tracer = new QueryTracer(this);
    }

    /// <summary>Writes system_traces rows for requests that ask for tracing.</summary>
    public QueryTracer Tracer { get; }

    /// <summary>Null when authentication is off (no users configured).</summary>
    public Security.PasswordAuthenticator? Authenticator { get; }

    public EmbeddedNodeOptions Options { get; set; }

    public SchemaManager Schema { get; } = new();

    public NodeStorage Storage { get; } = new();

    public StatementExecutor Executor { get; }

    public PreparedCache Prepared { get; } = new();

    /// <summary>Parses with a bounded cache: drivers repeat the same unprepared texts (metadata queries) constantly.</summary>
    public ParsedStatement Parse(string query)
    {
        if (_parsed.TryGetValue(query, out var p)) return p;
        p = CqlParser.Parse(query);
        if (_parsed.Count > 10_000) _parsed.Clear();
        _parsed[query] = p;
        return p;
    }
}
