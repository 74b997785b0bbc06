using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using ScriptProxy.Host.Stages;
using ScriptProxy.Transforms.Operations;

namespace ScriptProxy.Host.Operations;

/// <summary>
/// GET and PUT /stages/{name}/settings: read and switch a running stage's run-time settings (Tee's <c>mismatch</c> and
/// <c>resultSource</c>, DualWrite's <c>reads</c>) without a rebuild. The stage swaps an immutable value, so requests
/// never wait; one in flight finishes on the value it read. A switch lasts for the life of the stage instance: builtins
/// are built once per process, so until the proxy restarts, when proxy.json's value applies again.
/// </summary>
public static class StageSettingsEndpoints
{
    private const string Example = "{\"mismatch\": \"FailOnMismatch\"}";

    public static void Map(IEndpointRouteBuilder app, PipelineManager? manager)
    {
        app.MapGet("/stages/{name}/settings", (string name) => WithStage(manager, name, (stageName, settings) => Answer(stageName, settings, null)));
        app.MapPut("/stages/{name}/settings", async (string name, HttpContext context) =>
        {
            string body;
            using (var reader = new StreamReader(context.Request.Body)) body = await reader.ReadToEndAsync(context.RequestAborted);
            return WithStage(manager, name, (stageName, settings) =>
            {
                var (changes, problem) = Parse(body);
                if (changes is null) return Failure(StatusCodes.Status400BadRequest, $"{stageName}: {problem}");
                try
                {
                    settings.Switch(changes);
                    return Answer(stageName, settings, $"{stageName}: switched; lasts until the proxy restarts");
                }
                catch (SettingSwitchException e)
                {
                    return Failure(StatusCodes.Status400BadRequest, $"{stageName}: {e.Message}");
                }
            });
        });
    }

    private static IResult WithStage(PipelineManager? manager, string name, Func<string, IRuntimeSettings, IResult> action)
    {
        int index = manager?.IndexOf(name) ?? -1;
        if (index < 0) return Failure(StatusCodes.Status404NotFound, $"no stage named '{name}'");
        var runtime = manager!.Runtime(index);
        return runtime.Live?.Stage switch
        {
            IRuntimeSettings settings => action(runtime.Name, settings),
            null => Failure(StatusCodes.Status409Conflict, $"{runtime.Name} has no live build"),
            _ => Failure(StatusCodes.Status400BadRequest, $"{runtime.Name} has no settings that can be switched at run time (Tee: mismatch, resultSource; DualWrite: reads)"),
        };
    }

    /// <summary>The body: a JSON object of string values, at least one.</summary>
    private static (Dictionary<string, string>? Changes, string? Problem) Parse(string body)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return (null, $"expected a JSON object such as {Example}");
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object) return (null, $"expected a JSON object such as {Example}");
            var changes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                if (p.Value.ValueKind != JsonValueKind.String) return (null, $"'{p.Name}': expected a string, got {p.Value.GetRawText()}");
                changes[p.Name] = p.Value.GetString()!;
            }
            return changes.Count == 0 ? (null, $"expected at least one setting, e.g. {Example}") : (changes, null);
        }
    }

    private static IResult Answer(string stage, IRuntimeSettings settings, string? message) =>
        Results.Json(new { ok = true, stage, message, settings = settings.CurrentSettings, configured = settings.ConfiguredSettings });

    private static IResult Failure(int status, string message) => Results.Json(new { ok = false, message }, statusCode: status);
}
