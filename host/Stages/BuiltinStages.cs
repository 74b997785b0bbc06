using System.Text.Json;
using Microsoft.Extensions.Logging;
using ScriptProxy.Abstractions.Stages;
using ScriptProxy.Transforms;

namespace ScriptProxy.Host.Stages;

/// <summary>
/// The stages compiled into the proxy, by the name proxy.json uses in <c>{"builtin": "Name", ...settings}</c>:
/// the transforms of transforms/ (<see cref="Transforms.BuiltinStages"/>) plus the host's own "Passthrough".
/// </summary>
internal static class BuiltinStages
{
    private const string Passthrough = "Passthrough";

    /// <summary>How long Tee and DualWrite wait for a TCP connection (and its TLS handshake) to their second cluster.</summary>
    private static readonly TimeSpan SecondaryConnectTimeout = TimeSpan.FromSeconds(5);

    public static IReadOnlyCollection<string> Names { get; } = [Passthrough, .. Transforms.BuiltinStages.Names];

    /// <summary>Builds a builtin from its stage object; a <see cref="TransformConfigException"/> names the bad key.</summary>
    public static IStage Create(StageDefinition definition, ILoggerFactory logs, IReadOnlyList<string> listeners, IObservable<string> departures)
    {
        if (string.Equals(definition.Source, Passthrough, StringComparison.OrdinalIgnoreCase)) return new PassthroughStage();
        using var doc = JsonDocument.Parse(definition.SettingsJson);
        var context = new BuiltinContext(definition.ConfigFile, definition.ConfigKey)
        {
            LoggerFactory = logs,
            HostKeys = Configuration.StageConfigReader.HostKeys,
            ListenerEndpoints = listeners,
            ClientsClosed = departures,
            ConnectUpstream = (target, ct) => Upstreams.SecondaryUpstream.ConnectAsync(target, SecondaryConnectTimeout, ct),
            ReadSecondaryTls = (tls, key, endpoint) => Upstreams.SecondaryTls.Read(definition.ConfigFile, tls, key, endpoint),
        };
        return Transforms.BuiltinStages.Create(definition.Source, doc.RootElement.Clone(), context);
    }
}
