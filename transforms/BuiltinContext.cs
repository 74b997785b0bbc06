using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ScriptProxy.Transforms.Support;

namespace ScriptProxy.Transforms;

/// <summary>
/// What the host hands <see cref="BuiltinStages.Create"/> besides the stage's settings: where the settings came
/// from (for error messages), logging, and how to reach another cluster.
/// </summary>
public sealed class BuiltinContext
{
    /// <param name="file">The configuration file, e.g. "proxy.json".</param>
    /// <param name="keyPrefix">The JSON path of the stage's object, e.g. "stages[2]"; errors name keys under it.</param>
    public BuiltinContext(string file, string keyPrefix)
    {
        File = file ?? throw new ArgumentNullException(nameof(file));
        KeyPrefix = keyPrefix ?? throw new ArgumentNullException(nameof(keyPrefix));
    }

    /// <summary>The configuration file, e.g. "proxy.json".</summary>
    public string File { get; }

    /// <summary>The JSON path of the stage's settings object, e.g. "stages[2]".</summary>
    public string KeyPrefix { get; }

    /// <summary>Loggers; a stage logs under "ScriptProxy.Transforms.&lt;Name&gt;".</summary>
    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    /// <summary>
    /// Keys of the stage object that belong to the host (e.g. "builtin", a failure policy) and are not the
    /// transform's settings; they are skipped by the unknown-key check.
    /// </summary>
    public IReadOnlySet<string> HostKeys { get; init; } = new HashSet<string>(StringComparer.Ordinal) { "builtin", "name", "failurePolicy", "timeoutMs" };

    /// <summary>
    /// Opens a connection to a second cluster (Tee, DualWrite), logging in when the target carries credentials. Null when the host offers none;
    /// those stages then fail at creation with a clear error.
    /// </summary>
    public Func<SecondaryTarget, CancellationToken, ValueTask<ISecondaryUpstream>>? ConnectUpstream { get; init; }

    /// <summary>
    /// Reads the <c>tls</c> object of Tee's and DualWrite's second cluster into <see cref="SecondaryTarget.Tls"/>. Null when
    /// the host offers no TLS; a stage with <c>tls</c> then fails at creation with a clear error.
    /// </summary>
    public SecondaryTlsReader? ReadSecondaryTls { get; init; }

    /// <summary>
    /// Announces each client connection that closed, by the name stages see as <c>ICqlExchange.Client</c>; stages
    /// holding per-client resources release them here. Never completes; the default announces nothing.
    /// </summary>
    public IObservable<string> ClientsClosed { get; init; } = NoDepartures.Instance;

    /// <summary>The proxy's client-facing endpoints ("127.0.0.1:9042"), the default address PeersRewrite advertises.</summary>
    public IReadOnlyList<string> ListenerEndpoints { get; init; } = [];

    /// <summary>Clock for time-based stages (throttling, cache TTL, coalescing); tests substitute a fake one.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Reads environment variables (Protect's key); tests substitute a dictionary.</summary>
    public Func<string, string?> GetEnvironmentVariable { get; init; } = Environment.GetEnvironmentVariable;
}
