namespace ScriptProxy.Host.Configuration;

/// <summary>OpenTelemetry export of request spans over OTLP. Off unless an endpoint is configured.</summary>
public sealed record TracingConfig(Uri? OtlpEndpoint, string Protocol)
{
    public static TracingConfig Off { get; } = new(null, "grpc");

    public bool Enabled => OtlpEndpoint is not null;
}
