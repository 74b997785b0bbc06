using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Abstractions.Wire;
using ScriptProxy.Node.Execution;
using ScriptProxy.Node.Execution.Terms;

namespace ScriptProxy.Node.Server;

/// <summary>
/// Query tracing as drivers use it: a request with the Tracing flag gets a response carrying a tracing session id
/// (a timeuuid), and that session's rows are in system_traces.sessions and system_traces.events before the response
/// leaves, so a driver that reads them right away (gocql's Tracer, Python's get_query_trace) finds them complete.
/// </summary>
internal sealed partial class QueryTracer(NodeCore core)
{
    private const string InsertSession =
        "INSERT INTO system_traces.sessions (session_id, client, command, coordinator, duration, parameters, request, started_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

    private const string InsertEvent =
        "INSERT INTO system_traces.events (session_id, event_id, activity, source, source_elapsed, thread) VALUES (?, ?, ?, ?, ?, ?)";

    /// <summary>Only statements are traced, as in Cassandra (OPTIONS, STARTUP, REGISTER ignore the flag).</summary>
    public static bool Traces(IRequest request) => request is QueryRequest or ExecuteRequest or BatchRequest or PrepareRequest;

    /// <summary>
    /// Runs a request that asked for tracing; <paramref name="envelope"/> carries its tracing session id. As in
    /// Cassandra, an error answer carries none.
    /// </summary>
    public IResponse Handle(RequestHandler handler, IRequest request, byte version, ConnectionState state, EndPoint? client, out MessageEnvelope? envelope)
    {
        var startedAt = DateTimeOffset.UtcNow;
        long started = Stopwatch.GetTimestamp();
        var response = handler.Handle(request, version, state);
        envelope = null;
        if (response is ErrorResponse) return response;
        long micros = (long)Stopwatch.GetElapsedTime(started).TotalMicroseconds;
        envelope = new MessageEnvelope(TracingId: Record(request, client, startedAt, micros));
        return response;
    }

    /// <summary>Writes the session and its events; returns the session id for the response.</summary>
    private Guid Record(IRequest request, EndPoint? client, DateTimeOffset startedAt, long elapsedMicros)
    {
        var session = TimeUuid.Now();
        var coordinator = core.Options.ListenAddress;
        var (description, parameters, activity) = Describe(request, core.Prepared);
        int duration = (int)Math.Clamp(elapsedMicros, 1, int.MaxValue);
        Run(InsertEvent, session, TimeUuid.Now(), activity, coordinator, Math.Max(1, duration / 2), "Native-Transport-Requests-1");
        Run(InsertEvent, session, TimeUuid.Now(), "Request complete", coordinator, duration, "Native-Transport-Requests-1");
        Run(InsertSession, session, (client as IPEndPoint)?.Address ?? IPAddress.Loopback, "QUERY", coordinator, duration,
            parameters.Select(kv => new KeyValuePair<object?, object?>(kv.Key, kv.Value)).ToList(), description, startedAt);
        return session;
    }

    private void Run(string cql, params object?[] values) =>
        core.Executor.Execute(core.Parse(cql).Statement, new QueryContext { Values = new BoundValues(values) });

    private static (string Request, SortedDictionary<string, string> Parameters, string Activity) Describe(IRequest request, PreparedCache prepared)
    {
        var parameters = new SortedDictionary<string, string>(StringComparer.Ordinal);
        switch (request)
        {
            case QueryRequest q:
                parameters["query"] = q.Query;
                AddQueryParameters(parameters, q.Parameters);
                return ("Execute CQL3 query", parameters, "Parsing " + q.Query);
            case ExecuteRequest e:
                // Cassandra 4 names the prepared statement's text in an EXECUTE's trace.
                if (prepared.Find(e.QueryId.Span) is { } info) parameters["query"] = info.Parsed.Text;
                AddQueryParameters(parameters, e.Parameters);
                return ("Execute CQL3 prepared query", parameters, "Executing prepared statement " + Convert.ToHexString(e.QueryId.Span).ToLowerInvariant());
            case BatchRequest b:
                parameters["consistency_level"] = ConsistencyName(b.Consistency);
                return ("Execute batch of CQL3 queries", parameters, $"Executing batch of {b.Statements.Count} statements");
            case PrepareRequest p:
                parameters["query"] = p.Query;
                return ("Preparing CQL3 query", parameters, "Preparing statement");
            default:
                return (request.Opcode.ToString(), parameters, "Executing request");
        }
    }

    private static void AddQueryParameters(SortedDictionary<string, string> parameters, QueryParameters p)
    {
        parameters["consistency_level"] = ConsistencyName(p.Consistency);
        if (p.PageSize is { } size) parameters["page_size"] = size.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (p.SerialConsistency is { } serial) parameters["serial_consistency_level"] = ConsistencyName(serial);
    }

    /// <summary>Cassandra's spelling: LocalQuorum is LOCAL_QUORUM.</summary>
    private static string ConsistencyName(Consistency c) => CamelBoundary().Replace(c.ToString(), "$1_$2").ToUpperInvariant();

    [GeneratedRegex("([a-z0-9])([A-Z])")]
    private static partial Regex CamelBoundary();
}
