using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ScriptProxy.Host.Configuration;

namespace ScriptProxy.Host.Operations;

/// <summary>
/// The admin HTTP endpoint (ASP.NET Core minimal API on Kestrel): /metrics (Prometheus text), /health/live,
/// /health/ready and PUT /log-level. With a token configured every request needs
/// <c>Authorization: Bearer &lt;token&gt;</c>; the config refuses a non-loopback bind without one.
/// </summary>
public sealed class AdminServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private AdminServer(WebApplication app) => _app = app;

    /// <summary>The bound address, e.g. http://127.0.0.1:9901/ (the real port when 0 was configured).</summary>
    public Uri BaseAddress { get; private set; } = null!;

    public static async Task<AdminServer> StartAsync(AdminConfig config, ProxyMetrics metrics, IReadOnlyList<IReadinessCheck> readiness,
        LogLevelSwitch levels, Action<IEndpointRouteBuilder>? extraEndpoints = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(config.Address, config.Port));
        var app = builder.Build();
        if (config.Token is { } token)
        {
            string expected = "Bearer " + token;
            app.Use(async (context, next) =>
            {
                if (!System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
                        System.Text.Encoding.UTF8.GetBytes(context.Request.Headers.Authorization.ToString()), System.Text.Encoding.UTF8.GetBytes(expected)))
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    await context.Response.WriteAsync("missing or wrong bearer token\n");
                    return;
                }
                await next(context);
            });
        }
        app.MapGet("/metrics", async (HttpContext context) =>
        {
            context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            await metrics.Registry.CollectAndExportAsTextAsync(context.Response.Body, context.RequestAborted);
        });
        app.MapGet("/health/live", () => Results.Text("live\n"));
        app.MapGet("/health/ready", async (CancellationToken ct) =>
        {
            var problems = new List<string>();
            foreach (var check in readiness)
            {
                if (await check.CheckAsync(ct) is { } problem) problems.Add($"{check.Name}: {problem}");
            }
            return problems.Count == 0
                ? Results.Text("ready\n")
                : Results.Text("not ready\n" + string.Join("\n", problems) + "\n", statusCode: StatusCodes.Status503ServiceUnavailable);
        });
        app.MapPut("/log-level", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            string text = (await reader.ReadToEndAsync()).Trim().Trim('"');
            if (!Enum.TryParse<LogLevel>(text, ignoreCase: true, out var level) || !Enum.IsDefined(level))
                return Results.Text($"expected one of: {string.Join(", ", Enum.GetNames<LogLevel>())}\n", statusCode: StatusCodes.Status400BadRequest);
            levels.Level = level;
            return Results.Text($"log level {level}\n");
        });
        extraEndpoints?.Invoke(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new AdminServer(app) { BaseAddress = new Uri(address.Replace("[::]", "127.0.0.1") + "/") };
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
