// Denies writes (INSERT/UPDATE/DELETE/TRUNCATE/BATCH, and EXECUTE of prepared writes) to one keyspace.
// proxy.json: { "script": "scripts/deny-writes.csx", "failure": "closed", "settings": { "keyspace": "billing" } }
#r "../abstractions/bin/Debug/net10.0/ScriptProxy.Abstractions.dll"

string keyspace = Setting("keyspace") ?? throw new ArgumentException("settings.keyspace is required");

ValueTask InvokeAsync(ICqlExchange exchange, StageNext next)
{
    var request = exchange.Request;
    if (request.Kind == StatementKind.Write && string.Equals(request.Keyspace, keyspace, StringComparison.Ordinal))
    {
        exchange.Respond(ErrorCode.Unauthorized, $"Writes to keyspace '{keyspace}' are denied by the proxy");
        return ValueTask.CompletedTask;
    }
    return next(exchange);
}
