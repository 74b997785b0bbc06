using System.Net.Http.Headers;
using System.Text.Json;
using ScriptProxy.Host.Configuration;

namespace ScriptProxy.Host.Cli;

/// <summary>
/// CLI verbs that talk to a running proxy's admin endpoint: <c>scriptproxy stages</c> (a table of stages) and
/// <c>scriptproxy rollback|reload|enable|disable NAME</c>. The token comes from --token or SCRIPTPROXY_ADMIN_TOKEN.
/// </summary>
internal static class AdminClientCommand
{
    public static async Task<int> StagesAsync(string admin, string? token, CancellationToken ct)
    {
        using var http = Create(admin, token);
        using var response = await SendAsync(http, HttpMethod.Get, "stages", ct).ConfigureAwait(false);
        if (response is null) return 1;
        string body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            await Console.Error.WriteLineAsync($"{(int)response.StatusCode}: {body}").ConfigureAwait(false);
            return 1;
        }
        using var doc = JsonDocument.Parse(body);
        var root = doc.RootElement;
        Console.WriteLine($"pipeline version {root.GetProperty("pipelineVersion").GetInt64()}");
        Console.WriteLine($"{"STAGE",-32} {"KIND",-10} {"VERSION",7} {"STATE",-13} {"CALLS",10} {"FAULTS",7} {"TIMEOUTS",8}  KEPT");
        foreach (var s in root.GetProperty("stages").EnumerateArray())
        {
            var c = s.GetProperty("counters");
            string kept = string.Join(",", s.GetProperty("archivedVersions").EnumerateArray().Select(v => v.GetInt32()));
            string state = s.GetProperty("state").GetString()! + (s.GetProperty("pinned").GetBoolean() ? "*" : "");
            Console.WriteLine($"{s.GetProperty("name").GetString(),-32} {s.GetProperty("kind").GetString(),-10} {s.GetProperty("liveVersion").GetInt32(),7} {state,-13} " +
                $"{c.GetProperty("invocations").GetInt64(),10} {c.GetProperty("faults").GetInt64(),7} {c.GetProperty("timeouts").GetInt64(),8}  {kept}");
            foreach (var d in s.GetProperty("diagnostics").EnumerateArray()) Console.WriteLine($"    {d.GetString()}");
        }
        return 0;
    }

    public static async Task<int> ActAsync(string admin, string? token, string action, string name, int? version, CancellationToken ct)
    {
        using var http = Create(admin, token);
        string path = $"stages/{Uri.EscapeDataString(name)}/{action}" + (version is { } v ? $"?version={v}" : "");
        using var response = await SendAsync(http, HttpMethod.Post, path, ct).ConfigureAwait(false);
        if (response is null) return 1;
        string body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        string message = body;
        try
        {
            using var doc = JsonDocument.Parse(body);
            message = doc.RootElement.GetProperty("message").GetString() ?? body;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            // Not our JSON (e.g. 401 text): print it as it is.
        }
        (response.IsSuccessStatusCode ? Console.Out : Console.Error).WriteLine(message);
        return response.IsSuccessStatusCode ? 0 : 1;
    }

    private static HttpClient Create(string admin, string? token)
    {
        var http = new HttpClient { BaseAddress = new Uri(admin.EndsWith('/') ? admin : admin + "/"), Timeout = TimeSpan.FromSeconds(30) };
        token ??= Environment.GetEnvironmentVariable(AdminConfig.TokenEnvironmentVariable);
        if (!string.IsNullOrEmpty(token)) http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    private static async Task<HttpResponseMessage?> SendAsync(HttpClient http, HttpMethod method, string path, CancellationToken ct)
    {
        try
        {
            return await http.SendAsync(new HttpRequestMessage(method, path), ct).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            await Console.Error.WriteLineAsync($"Cannot reach the admin endpoint {http.BaseAddress}: {e.Message}").ConfigureAwait(false);
            return null;
        }
    }
}
