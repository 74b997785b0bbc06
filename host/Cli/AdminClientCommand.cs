using System.Net.Http.Headers;
using System.Text.Json;
using ScriptProxy.Host.Configuration;

namespace ScriptProxy.Host.Cli;

/// <summary>
/// CLI verbs that talk to a running proxy's admin endpoint: <c>scriptproxy stages</c> (a table of stages) and
/// <c>scriptproxy rollback|reload|enable|disable NAME</c>, <c>scriptproxy stages settings NAME</c> and
/// <c>scriptproxy stages set NAME key=value...</c> (run-time settings). The token comes from --token or SCRIPTPROXY_ADMIN_TOKEN.
/// </summary>
internal static class AdminClientCommand
{
    public static async Task<int> StagesAsync(string admin, string? token, CancellationToken ct)
    {
        using var http = Create(admin, token);
        using var response = await SendAsync(http, new HttpRequestMessage(HttpMethod.Get, "stages"), ct).ConfigureAwait(false);
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

    /// <summary>Prints a stage's run-time settings, after switching <paramref name="pairs"/> ("key=value") when there are any.</summary>
    public static async Task<int> SettingsAsync(string admin, string? token, string name, IReadOnlyList<string> pairs, CancellationToken ct)
    {
        var changes = new Dictionary<string, string>();
        foreach (var pair in pairs)
        {
            int eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                await Console.Error.WriteLineAsync($"expected key=value, e.g. mismatch=FailOnMismatch; got \"{pair}\"").ConfigureAwait(false);
                return 2;
            }
            changes[pair[..eq]] = pair[(eq + 1)..];
        }
        using var http = Create(admin, token);
        var request = new HttpRequestMessage(changes.Count == 0 ? HttpMethod.Get : HttpMethod.Put, $"stages/{Uri.EscapeDataString(name)}/settings");
        if (changes.Count > 0) request.Content = new StringContent(JsonSerializer.Serialize(changes), System.Text.Encoding.UTF8, "application/json");
        using var response = await SendAsync(http, request, ct).ConfigureAwait(false);
        if (response is null) return 1;
        string body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            await Console.Error.WriteLineAsync(MessageOf(body)).ConfigureAwait(false);
            return 1;
        }
        using var doc = JsonDocument.Parse(body);
        var configured = doc.RootElement.GetProperty("configured");
        foreach (var setting in doc.RootElement.GetProperty("settings").EnumerateObject())
        {
            string file = configured.TryGetProperty(setting.Name, out var c) ? c.GetString()! : "";
            Console.WriteLine($"{setting.Name}={setting.Value.GetString()}" + (file == setting.Value.GetString() ? "" : $"   (proxy.json: {file}; applies again at the next start)"));
        }
        return 0;
    }

    public static async Task<int> ActAsync(string admin, string? token, string action, string name, int? version, CancellationToken ct)
    {
        using var http = Create(admin, token);
        string path = $"stages/{Uri.EscapeDataString(name)}/{action}" + (version is { } v ? $"?version={v}" : "");
        using var response = await SendAsync(http, new HttpRequestMessage(HttpMethod.Post, path), ct).ConfigureAwait(false);
        if (response is null) return 1;
        string body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        (response.IsSuccessStatusCode ? Console.Out : Console.Error).WriteLine(MessageOf(body));
        return response.IsSuccessStatusCode ? 0 : 1;
    }

    /// <summary>The "message" of the admin API's JSON answer, or the body itself when it is not that JSON (e.g. a 401's text).</summary>
    private static string MessageOf(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.GetProperty("message").GetString() ?? body;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return body;
        }
    }

    private static HttpClient Create(string admin, string? token)
    {
        var http = new HttpClient { BaseAddress = new Uri(admin.EndsWith('/') ? admin : admin + "/"), Timeout = TimeSpan.FromSeconds(30) };
        token ??= Environment.GetEnvironmentVariable(AdminConfig.TokenEnvironmentVariable);
        if (!string.IsNullOrEmpty(token)) http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    private static async Task<HttpResponseMessage?> SendAsync(HttpClient http, HttpRequestMessage request, CancellationToken ct)
    {
        try
        {
            using (request) return await http.SendAsync(request, ct).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            await Console.Error.WriteLineAsync($"Cannot reach the admin endpoint {http.BaseAddress}: {e.Message}").ConfigureAwait(false);
            return null;
        }
    }
}
