using System.Diagnostics;

namespace ScriptProxy.Host.Operations;

/// <summary>
/// The proxy's spans: one <c>cql.request</c> span per forwarded request, from forwarding to its response
/// (stages add a child span each). Activities are only created while a listener (the OTLP exporter, a
/// test) is attached, so with tracing off the cost is one <see cref="ActivitySource.HasListeners"/> check.
/// </summary>
public static class ProxyTracing
{
    public const string SourceName = "ScriptProxy";

    public static readonly ActivitySource Source = new(SourceName, typeof(ProxyTracing).Assembly.GetName().Version?.ToString());
}
