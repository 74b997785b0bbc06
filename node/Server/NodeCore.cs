using System.Collections.Concurrent;
using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Node.Cql.Ast;
using ScriptProxy.Node.Cql.Parser;
using ScriptProxy.Node.Execution;
using ScriptProxy.Node.Hosting;
using ScriptProxy.Node.Schema;
using ScriptProxy.Node.Storage;
using ScriptProxy.Node.SystemTables;

namespace ScriptProxy.Node.Server;

/// <summary>
/// The state one node shares across its connections: schema, storage, executor, prepared statements, parse cache.
/// A standalone node owns its schema and storage; a node of an <see cref="EmbeddedCluster"/> is handed the cluster's
/// schema (so DDL on any node is visible on all) and a storage that survives its restarts (<see cref="NodeSharing"/>).
/// </summary>
internal sealed class NodeCore
{
    private readonly ConcurrentDictionary<string, ParsedStatement> _parsed = new(StringComparer.Ordinal);
    private EmbeddedNodeOptions _options = null!;
    private TokenRing _ring = null!;
    private readonly Action<long> _touched;

    public NodeCore(EmbeddedNodeOptions options, NodeSharing? sharing = null)
    {
        Options = options;
        Schema = sharing?.Schema ?? CreateSchema();
        Storage = sharing?.Storage ?? new NodeStorage();
        _touched = token => Statistics.CountPartition(Ring.Owns(token));
        Storage.PartitionTouched = _touched;
        Executor = new StatementExecutor(Schema, Storage, () => Options, sharing?.Truncate);
        Schema.Changed += OnSchemaChanged;
        Authenticator = options.Users.Count > 0 ? new Security.PasswordAuthenticator(options.Users) : null;
        Tracer = new QueryTracer(this);
    }

    /// <summary>Writes system_traces rows for requests that ask for tracing.</summary>
    public QueryTracer Tracer { get; }

    /// <summary>Null when authentication is off (no users configured).</summary>
    public Security.PasswordAuthenticator? Authenticator { get; }

    /// <summary>The node's identity; setting it also rebuilds the token ring (tokens or peers may have changed).</summary>
    public EmbeddedNodeOptions Options
    {
        get => Volatile.Read(ref _options);
        set
        {
            Volatile.Write(ref _ring, TokenRing.Create(value.Tokens, value.Peers.SelectMany(p => p.Tokens)));
            Volatile.Write(ref _options, value);
        }
    }

    /// <summary>Which tokens this node owns, from <see cref="Options"/>.</summary>
    public TokenRing Ring => Volatile.Read(ref _ring);

    public SchemaManager Schema { get; }

    public NodeStorage Storage { get; }

    public StatementExecutor Executor { get; }

    public PreparedCache Prepared { get; } = new();

    public NodeStatistics Statistics { get; } = new();

    /// <summary>A schema with the system keyspaces installed, as a fresh node (or cluster) starts with.</summary>
    public static SchemaManager CreateSchema()
    {
        var schema = new SchemaManager();
        foreach (var ks in SystemKeyspaces.Create()) schema.Install(ks);
        return schema;
    }

    /// <summary>Stops listening to a shared schema (the node is stopping; a restart builds a new core).</summary>
    public void Detach()
    {
        Schema.Changed -= OnSchemaChanged;
        // A restarted node's core may already observe the same storage: only remove our own observer.
        if (Storage.PartitionTouched == _touched) Storage.PartitionTouched = null;
    }

    private void OnSchemaChanged(SchemaChange change) => Prepared.Clear();

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
