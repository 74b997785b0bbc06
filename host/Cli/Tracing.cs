using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Trace;
using ScriptProxy.Host.Configuration;
using ScriptProxy.Host.Operations;

namespace ScriptProxy.Host.Cli;

/// <summary>Starts the OpenTelemetry tracer (OTLP exporter) when "tracing.otlpEndpoint" is configured.</summary>
internal static class Tracing
{
    public static TracerProvider? Start(TracingConfig config, ILogger log)
    {
        if (!config.Enabled) return null;
        log.LogInformation("Exporting request spans over OTLP/{Protocol} to {Endpoint}", config.Protocol, config.OtlpEndpoint);
        return Sdk.CreateTracerProviderBuilder()
            .AddSource(ProxyTracing.SourceName)
            .AddOtlpExporter(o =>
            {
                o.Endpoint = config.OtlpEndpoint!;
                o.Protocol = config.Protocol == "http" ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
            })
            .Build();
    }
}
