using ScriptProxy.Abstractions.Stages;
using ScriptProxy.Abstractions.Wire;

namespace ScriptProxy.Host.Scripting.JavaScript;

/// <summary>
/// The <c>exchange</c> object JS hooks receive: request, response (null in onRequest), client, items,
/// respond(code, message) with a number (0x2100) or a name ("Unauthorized"), respondVoid().
/// </summary>
public sealed class JsExchange(ICqlExchange exchange)
{
    private JsRequest? _request;

    public JsRequest Request => _request ??= new JsRequest(exchange.Request);

    public JsResponse? Response => exchange.Response is { } r ? new JsResponse(r) : null;

    public string Client => exchange.Client;

    public IDictionary<string, object?> Items => exchange.Items;

    /// <summary>True once the script answered (onRequest then does not continue to the upstream).</summary>
    public bool Answered { get; private set; }

    public void Respond(object code, string message)
    {
        ErrorCode value = code switch
        {
            string name when Enum.TryParse<ErrorCode>(name, ignoreCase: true, out var parsed) => parsed,
            string name => throw new ArgumentException($"Unknown error code '{name}'"),
            _ => (ErrorCode)Convert.ToInt32(code, System.Globalization.CultureInfo.InvariantCulture),
        };
        exchange.Respond(value, message);
        Answered = true;
    }

    public void RespondVoid()
    {
        exchange.RespondVoid();
        Answered = true;
    }
}
