using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using ScriptProxy.Host.Stages;

namespace ScriptProxy.Host.Operations;

/// <summary>
/// /stages on the admin endpoint: GET lists every stage (kind, live version, state, diagnostics, counters,
/// versions kept for rollback) and the pipeline's recent versions; POST /stages/{name}/reload|rollback|enable|disable
/// act on one stage; GET|PUT /stages/{name}/settings read and switch run-time settings (<see cref="StageSettingsEndpoints"/>). {name} is the stage's unique name (its <c>"name"</c>, or its default: the builtin name or the script/plugin path, with
/// "#2", "#3"... for a repeated default, written %23 in a URL), or for a script or plugin its file name (e.g. <c>deny-writes.csx</c>
/// or <c>deny-writes</c>, plus that suffix).
/// </summary>
public static class StageAdminEndpoints
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    public static void Map(IEndpointRouteBuilder app, PipelineManager? manager)
    {
        app.MapGet("/stages", () => manager is null
            ? Results.Json(new { pipelineVersion = 0, stages = Array.Empty<object>(), history = Array.Empty<object>() }, Json)
            : Results.Json(new
            {
                pipelineVersion = manager.Store.Current.Version,
                reloads = new { ok = manager.ReloadsSucceeded, failed = manager.ReloadsFailed },
                stages = manager.Status().Select(View),
                history = manager.Store.History,
            }, Json));
        app.MapPost("/stages/{name}/reload", (string name) => Act(manager, ops => ops.ReloadAsync(name)));
        app.MapPost("/stages/{name}/enable", (string name) => Act(manager, ops => ops.SetEnabledAsync(name, true)));
        app.MapPost("/stages/{name}/disable", (string name) => Act(manager, ops => ops.SetEnabledAsync(name, false)));
        app.MapPost("/stages/{name}/rollback", (string name, int? version) => Act(manager, ops => ops.RollbackAsync(name, version)));
        StageSettingsEndpoints.Map(app, manager);
    }

    private static async Task<IResult> Act(PipelineManager? manager, Func<StageOperations, Task<StageOperations.Result>> action)
    {
        if (manager is null) return Results.Json(new { ok = false, message = "no stages are configured" }, Json, statusCode: StatusCodes.Status404NotFound);
        var result = await action(manager.Operations);
        int status = !result.Found ? StatusCodes.Status404NotFound : result.Ok ? StatusCodes.Status200OK : StatusCodes.Status409Conflict;
        return Results.Json(new { ok = result.Ok, message = result.Message, stage = result.Status is null ? null : View(result.Status) }, Json, statusCode: status);
    }

    private static object View(StageStatus s) => new
    {
        name = s.Name,
        kind = s.Kind,
        liveVersion = s.LiveVersion,
        state = s.State,
        pinned = s.Pinned,
        archivedVersions = s.ArchivedVersions,
        diagnostics = s.Diagnostics.Select(d => d.ToString()),
        counters = new
        {
            invocations = s.Invocations, faults = s.Faults, timeouts = s.Timeouts, bypassed = s.Bypassed,
            shortCircuits = s.ShortCircuits, mutations = s.Mutations, meanMs = s.Invocations == 0 ? 0 : s.TotalSeconds * 1000 / s.Invocations,
        },
        lastFault = s.LastFault,
    };
}
