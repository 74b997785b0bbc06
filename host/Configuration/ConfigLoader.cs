using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace ScriptProxy.Host.Configuration;

/// <summary>
/// Reads proxy.json into a <see cref="ProxyConfig"/>. Validates everything before returning, and every
/// error names the file, the key (as a JSON path) and what was expected. Unknown keys are errors, so a
/// typo never silently falls back to a default.
/// </summary>
public static class ConfigLoader
{
    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    private static readonly string[] TopLevelKeys =
        ["listeners", "upstream", "maxFrameBytes", "validateRequests", "shutdownTimeoutSeconds", "connectTimeoutSeconds", "requestTimeoutSeconds", "logLevel", "logFormat", "statusIntervalSeconds", "admin", "tracing", "upstreamTls",
         "stages", "reload", "jsLimits", "clientAuth", "upstreamCredentials", "embedded"];

    public static ProxyConfig Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException(path, "(file)", $"cannot be read: {e.Message}");
        }
        return Parse(text, path);
    }

    public static ProxyConfig Parse(string json, string file)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException e)
        {
            throw new ConfigException(file, "(syntax)", $"is not valid JSON at line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}: {e.Message}");
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new ConfigException(file, "$", "expected a JSON object at the top level");
            var r = new Reader(file);
            r.RejectUnknown(root, "", TopLevelKeys);
            var config = new ProxyConfig { Source = file };
            if (root.TryGetProperty("listeners", out var listeners)) config = config with { Listeners = ReadListeners(r, listeners) };
            if (root.TryGetProperty("upstream", out var upstream)) config = config with { Upstream = ReadUpstream(r, upstream) };
            if (root.TryGetProperty("maxFrameBytes", out var max))
                config = config with { MaxFrameBytes = r.Int(max, "maxFrameBytes", 1024, ProxyConfig.DefaultMaxFrameBytes) };
            if (root.TryGetProperty("validateRequests", out var validate)) config = config with { ValidateRequests = r.Bool(validate, "validateRequests") };
            if (root.TryGetProperty("shutdownTimeoutSeconds", out var shutdown))
                config = config with { ShutdownTimeout = TimeSpan.FromSeconds(r.Int(shutdown, "shutdownTimeoutSeconds", 0, 3600)) };
            if (root.TryGetProperty("requestTimeoutSeconds", out var requestTimeout))
                config = config with { RequestTimeout = TimeSpan.FromSeconds(r.Int(requestTimeout, "requestTimeoutSeconds", 0, 86400)) };
            if (root.TryGetProperty("connectTimeoutSeconds", out var connect))
                config = config with { ConnectTimeout = TimeSpan.FromSeconds(r.Int(connect, "connectTimeoutSeconds", 1, 600)) };
            config = AuthConfigReader.Read(r, root, config);
            if (root.TryGetProperty("logLevel", out var level)) config = config with { LogLevel = r.Enum<LogLevel>(level, "logLevel") };
            if (root.TryGetProperty("stages", out var stages)) config = config with { Stages = StageConfigReader.ReadStages(r, stages, config.BaseDirectory) };
            if (root.TryGetProperty("reload", out var reload)) config = config with { Reload = StageConfigReader.ReadReload(r, reload) };
            if (root.TryGetProperty("jsLimits", out var js)) config = config with { JsLimits = StageConfigReader.ReadJsLimits(r, js) };
            if (root.TryGetProperty("logFormat", out var format)) config = config with { LogFormat = r.OneOf(format, "logFormat", ["text", "json"]) };
            if (root.TryGetProperty("statusIntervalSeconds", out var status))
                config = config with { StatusIntervalSeconds = r.Int(status, "statusIntervalSeconds", 0, 3600) };
            if (root.TryGetProperty("tracing", out var tracing)) config = config with { Tracing = ReadTracing(r, tracing) };
            config = config with { Admin = ReadAdmin(r, root.TryGetProperty("admin", out var admin) ? admin : null) };
            if (root.TryGetProperty("upstreamTls", out var upstreamTls))
            {
                config = config with { UpstreamTls = UpstreamTlsReader.Read(r, upstreamTls, "upstreamTls") };
                if (config.UpstreamTls.Enabled && config.Upstream.Embedded)
                    throw new ConfigException(file, "upstreamTls.enabled", "TLS needs a \"host:port\" upstream; the embedded node runs in-process");
            }
            return config;
        }
    }

    private static List<ListenerConfig> ReadListeners(Reader r, JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Array || element.GetArrayLength() == 0)
            throw r.Error("listeners", "expected a non-empty array of {\"address\": \"127.0.0.1\", \"port\": 9042}", element);
        var list = new List<ListenerConfig>();
        int i = 0;
        foreach (var item in element.EnumerateArray())
        {
            string key = $"listeners[{i++}]";
            if (item.ValueKind != JsonValueKind.Object) throw r.Error(key, "expected an object with \"address\" and \"port\"", item);
            r.RejectUnknown(item, key, ["address", "port", "tls"]);
            var address = item.TryGetProperty("address", out var a) ? r.Address(a, key + ".address") : IPAddress.Loopback;
            int port = item.TryGetProperty("port", out var p) ? r.Int(p, key + ".port", 0, 65535) : 9042;
            var tls = item.TryGetProperty("tls", out var t) ? ReadListenerTls(r, t, key + ".tls") : null;
            list.Add(new ListenerConfig(address, port) { Tls = tls });
        }
        return list;
    }

    private static ListenerTlsConfig ReadListenerTls(Reader r, JsonElement e, string key)
    {
        if (e.ValueKind != JsonValueKind.Object) throw r.Error(key, "expected an object like {\"certificate\": \"proxy.pfx\", \"password\": \"...\"}", e);
        r.RejectUnknown(e, key, ["certificate", "key", "password"]);
        if (!e.TryGetProperty("certificate", out var certificate)) throw new ConfigException(r.File, key + ".certificate", "required: a PKCS#12 (.pfx) file, or a PEM certificate with \"key\"");
        string certificatePath = r.FilePath(certificate, key + ".certificate");
        string? keyPath = e.TryGetProperty("key", out var k) ? r.FilePath(k, key + ".key") : null;
        string? password = e.TryGetProperty("password", out var pw) ? r.String(pw, key + ".password") : null;
        var loaded = TlsFileLoader.LoadServerCertificate(r.File, key, certificatePath, keyPath, password);
        return new ListenerTlsConfig(certificatePath, keyPath, loaded);
    }

    private static TracingConfig ReadTracing(Reader r, JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Object) throw r.Error("tracing", "expected an object like {\"otlpEndpoint\": \"http://127.0.0.1:4317\"}", e);
        r.RejectUnknown(e, "tracing", ["otlpEndpoint", "protocol"]);
        Uri? endpoint = null;
        if (e.TryGetProperty("otlpEndpoint", out var ep) && ep.ValueKind != JsonValueKind.Null)
        {
            if (ep.ValueKind != JsonValueKind.String || !Uri.TryCreate(ep.GetString(), UriKind.Absolute, out endpoint) || endpoint.Scheme is not ("http" or "https"))
                throw r.Error("tracing.otlpEndpoint", "expected an http(s) URL such as \"http://127.0.0.1:4317\"", ep);
        }
        string protocol = e.TryGetProperty("protocol", out var p) ? r.OneOf(p, "tracing.protocol", ["grpc", "http"]) : "grpc";
        return new TracingConfig(endpoint, protocol);
    }

    private static AdminConfig ReadAdmin(Reader r, JsonElement? element)
    {
        var admin = AdminConfig.Default;
        if (element is { } e)
        {
            if (e.ValueKind != JsonValueKind.Object) throw r.Error("admin", "expected an object like {\"address\": \"127.0.0.1\", \"port\": 9901}", e);
            r.RejectUnknown(e, "admin", ["enabled", "address", "port", "token"]);
            if (e.TryGetProperty("enabled", out var enabled)) admin = admin with { Enabled = r.Bool(enabled, "admin.enabled") };
            if (e.TryGetProperty("address", out var address)) admin = admin with { Address = r.Address(address, "admin.address") };
            if (e.TryGetProperty("port", out var port)) admin = admin with { Port = r.Int(port, "admin.port", 0, 65535) };
            if (e.TryGetProperty("token", out var token))
            {
                if (token.ValueKind != JsonValueKind.String || token.GetString()!.Length < 16) throw r.Error("admin.token", "expected a string of at least 16 characters", token);
                admin = admin with { Token = token.GetString() };
            }
        }
        string? fromEnvironment = Environment.GetEnvironmentVariable(AdminConfig.TokenEnvironmentVariable);
        if (admin.Token is null && !string.IsNullOrEmpty(fromEnvironment)) admin = admin with { Token = fromEnvironment };
        if (admin.Enabled && !IPAddress.IsLoopback(admin.Address) && admin.Token is null)
            throw r.Error("admin.address", $"a non-loopback admin address requires \"admin.token\" or the {AdminConfig.TokenEnvironmentVariable} environment variable",
                element!.Value.GetProperty("address"));
        return admin;
    }

    private static UpstreamConfig ReadUpstream(Reader r, JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Object) return ReadCluster(r, element);
        if (element.ValueKind != JsonValueKind.String) throw r.Error("upstream", "expected \"embedded\", \"host:port\" or {\"contactPoints\": [\"host:port\", ...]}", element);
        string text = element.GetString()!;
        if (string.Equals(text, UpstreamConfig.EmbeddedKeyword, StringComparison.OrdinalIgnoreCase)) return UpstreamConfig.EmbeddedNode;
        if (IPEndPoint.TryParse(text, out var ep) && ep.Port != 0) return new UpstreamConfig(false, ep);
        throw r.Error("upstream", "expected \"embedded\" or an IP endpoint like \"127.0.0.1:9142\"", element);
    }

    private static UpstreamConfig ReadCluster(Reader r, JsonElement element)
    {
        r.RejectUnknown(element, "upstream", ["contactPoints", "connectionsPerNode"]);
        if (!element.TryGetProperty("contactPoints", out var points) || points.ValueKind != JsonValueKind.Array || points.GetArrayLength() == 0)
            throw r.Problem("upstream.contactPoints", "required: a non-empty array of \"host:port\" node addresses, e.g. [\"127.0.0.1:9042\"]");
        var list = new List<IPEndPoint>();
        int i = 0;
        foreach (var point in points.EnumerateArray())
        {
            string key = $"upstream.contactPoints[{i++}]";
            if (point.ValueKind != JsonValueKind.String || !IPEndPoint.TryParse(point.GetString()!, out var ep) || ep.Port == 0)
                throw r.Error(key, "expected an IP endpoint like \"127.0.0.1:9042\"", point);
            list.Add(ep);
        }
        // Each client connection opens its own connection to each node it uses (its USE and prepared state are
        // per connection); the driver's pool provides the parallelism. Larger values are reserved for a shared pool.
        if (element.TryGetProperty("connectionsPerNode", out var perNode)) r.Int(perNode, "upstream.connectionsPerNode", 1, 1);
        return UpstreamConfig.Cluster(list);
    }

    /// <summary>Typed accessors that produce uniform error messages.</summary>
    internal readonly struct Reader(string file)
    {
        public string File => file;

        public ConfigException Problem(string key, string problem) => new(file, key, problem);

        /// <summary>A non-empty string naming a file; relative paths are relative to the config file's folder.</summary>
        public string FilePath(JsonElement e, string key)
        {
            string path = String(e, key);
            if (path.Length == 0) throw Error(key, "expected a file path", e);
            string folder = Path.GetDirectoryName(Path.GetFullPath(file)) ?? Directory.GetCurrentDirectory();
            return Path.GetFullPath(path, folder);
        }

        public string String(JsonElement e, string key) =>
            e.ValueKind == JsonValueKind.String ? e.GetString()! : throw Error(key, "expected a string", e);

        public ConfigException Error(string key, string expected, JsonElement got) =>
            new(file, key, $"{expected}, got {Describe(got)}");

        private static string Describe(JsonElement e) => e.ValueKind switch
        {
            JsonValueKind.String => $"\"{e.GetString()}\"",
            JsonValueKind.Object => "an object",
            JsonValueKind.Array => "an array",
            _ => e.GetRawText(),
        };

        public void RejectUnknown(JsonElement obj, string prefix, string[] known)
        {
            foreach (var p in obj.EnumerateObject())
            {
                if (Array.IndexOf(known, p.Name) < 0)
                {
                    string key = prefix.Length == 0 ? p.Name : $"{prefix}.{p.Name}";
                    throw new ConfigException(file, key, $"unknown key; expected one of: {string.Join(", ", known)}");
                }
            }
        }

        public int Int(JsonElement e, string key, int min, int max)
        {
            if (e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out int v) && v >= min && v <= max) return v;
            throw Error(key, $"expected an integer from {min} to {max}", e);
        }

        public bool Bool(JsonElement e, string key) => e.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Error(key, "expected true or false", e),
        };

        public string OneOf(JsonElement e, string key, string[] allowed)
        {
            if (e.ValueKind == JsonValueKind.String && Array.IndexOf(allowed, e.GetString()) >= 0) return e.GetString()!;
            throw Error(key, $"expected one of: {string.Join(", ", allowed)}", e);
        }

        public IPAddress Address(JsonElement e, string key)
        {
            if (e.ValueKind == JsonValueKind.String && IPAddress.TryParse(e.GetString(), out var a)) return a;
            throw Error(key, "expected an IP address such as \"127.0.0.1\"", e);
        }

        public T Enum<T>(JsonElement e, string key) where T : struct, System.Enum
        {
            if (e.ValueKind == JsonValueKind.String && System.Enum.TryParse<T>(e.GetString(), ignoreCase: true, out var v) && System.Enum.IsDefined(v)) return v;
            throw Error(key, $"expected one of: {string.Join(", ", System.Enum.GetNames<T>())}", e);
        }
    }
}
