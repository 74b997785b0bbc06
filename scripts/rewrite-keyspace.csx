// Rewrites a keyspace name in QUERY and PREPARE text (e.g. to move an app onto a renamed keyspace
// without redeploying it). Qualified names only ("app.users"); a USE statement is rewritten too.
// proxy.json: { "script": "scripts/rewrite-keyspace.csx", "settings": { "from": "app", "to": "app_v2" } }
#r "../abstractions/bin/Debug/net10.0/ScriptProxy.Abstractions.dll"
using System.Text.RegularExpressions;

string from = Setting("from") ?? throw new ArgumentException("settings.from is required");
string to = Setting("to") ?? throw new ArgumentException("settings.to is required");
// Whole identifier before a dot (ks.table), optionally quoted; or the target of USE.
var qualified = new Regex($@"(?<![\w""])""?{Regex.Escape(from)}""?(?=\s*\.)|(?<=^\s*USE\s+)""?{Regex.Escape(from)}""?(?=\s*;?\s*$)",
    RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled);

ValueTask InvokeAsync(ICqlExchange exchange, StageNext next)
{
    var request = exchange.Request;
    if (request.Opcode is Opcode.Query or Opcode.Prepare && request.Query is { } cql)
    {
        string rewritten = qualified.Replace(cql, to);
        if (!ReferenceEquals(rewritten, cql) && rewritten != cql) request.SetQuery(rewritten);
    }
    return next(exchange);
}
