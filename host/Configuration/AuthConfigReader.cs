using System.Text.Json;
using ScriptProxy.Node.Hosting;

namespace ScriptProxy.Host.Configuration;

/// <summary>
/// Reads the authentication keys of proxy.json: <c>clientAuth</c>, <c>upstreamCredentials</c> (literal or from
/// environment variables, resolved at load time so a missing variable stops start-up) and <c>embedded.users</c>.
/// </summary>
internal static class AuthConfigReader
{
    private const string CredentialsKey = "upstreamCredentials";

    /// <summary>Applies the three keys to <paramref name="config"/> and checks they fit together.</summary>
    public static ProxyConfig Read(ConfigLoader.Reader r, JsonElement root, ProxyConfig config)
    {
        UpstreamCredentials? credentials = root.TryGetProperty(CredentialsKey, out var c) ? ReadCredentials(r, c) : null;
        ClientAuthPolicy? policy = null;
        if (root.TryGetProperty("clientAuth", out var p))
            policy = r.OneOf(p, "clientAuth", ["passthrough", "replace"]) == "replace" ? ClientAuthPolicy.Replace : ClientAuthPolicy.Passthrough;
        policy ??= credentials is null ? ClientAuthPolicy.Passthrough : ClientAuthPolicy.Replace;
        if (policy == ClientAuthPolicy.Replace && credentials is null)
            throw r.Problem(CredentialsKey, "required with \"clientAuth\": \"replace\": {\"username\": \"...\", \"password\": \"...\"} or {\"usernameEnv\": \"...\", \"passwordEnv\": \"...\"}");
        // With the cluster sink the proxy has connections of its own (control connection, probes) that need a login
        // even when clients' logins pass through; with a single upstream there is nothing else to use it for.
        if (policy == ClientAuthPolicy.Passthrough && credentials is not null && !config.Upstream.IsCluster)
            throw r.Problem(CredentialsKey, "is only used with \"clientAuth\": \"replace\" (with \"passthrough\" the client's own credentials reach the upstream), or with \"upstream\": {\"contactPoints\": ...}");
        config = config with { ClientAuth = policy.Value, UpstreamCredentials = credentials };
        if (root.TryGetProperty("embedded", out var embedded))
        {
            if (!config.Upstream.Embedded) throw r.Problem("embedded", "only applies to \"upstream\": \"embedded\"");
            config = config with { EmbeddedUsers = ReadEmbedded(r, embedded) };
        }
        return config;
    }

    private static UpstreamCredentials ReadCredentials(ConfigLoader.Reader r, JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Object)
            throw r.Error(CredentialsKey, "expected an object like {\"username\": \"app\", \"password\": \"...\"} or {\"usernameEnv\": \"CQL_USER\", \"passwordEnv\": \"CQL_PASSWORD\"}", e);
        r.RejectUnknown(e, CredentialsKey, ["username", "password", "usernameEnv", "passwordEnv"]);
        string user = Value(r, e, "username");
        string password = Value(r, e, "password");
        return new UpstreamCredentials(user, password);
    }

    /// <summary>One of <c>name</c> (literal) or <c>nameEnv</c> (an environment variable that must be set and non-empty).</summary>
    private static string Value(ConfigLoader.Reader r, JsonElement e, string name)
    {
        bool literal = e.TryGetProperty(name, out var l);
        bool fromEnv = e.TryGetProperty(name + "Env", out var v);
        string key = $"{CredentialsKey}.{name}";
        if (literal && fromEnv) throw r.Problem(key + "Env", $"give either \"{name}\" or \"{name}Env\", not both");
        if (literal)
        {
            string text = r.String(l, key);
            return text.Length > 0 ? text : throw r.Error(key, "expected a non-empty string", l);
        }
        if (!fromEnv) throw r.Problem(key, $"required: \"{name}\" or \"{name}Env\" (the name of an environment variable)");
        string variable = r.String(v, key + "Env");
        if (variable.Length == 0) throw r.Error(key + "Env", "expected the name of an environment variable", v);
        string? value = Environment.GetEnvironmentVariable(variable);
        return string.IsNullOrEmpty(value)
            ? throw r.Problem(key + "Env", $"environment variable {variable} is not set (or is empty)")
            : value;
    }

    private static List<NodeUser> ReadEmbedded(ConfigLoader.Reader r, JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Object) throw r.Error("embedded", "expected an object like {\"users\": {\"cassandra\": \"cassandra\"}}", e);
        r.RejectUnknown(e, "embedded", ["users"]);
        var users = new List<NodeUser>();
        if (!e.TryGetProperty("users", out var u)) return users;
        if (u.ValueKind != JsonValueKind.Object) throw r.Error("embedded.users", "expected an object of user name to password, like {\"cassandra\": \"cassandra\"}", u);
        foreach (var user in u.EnumerateObject())
        {
            string key = $"embedded.users.{user.Name}";
            if (user.Name.Length == 0) throw r.Problem("embedded.users", "a user name must not be empty");
            string password = r.String(user.Value, key);
            if (password.Length == 0) throw r.Error(key, "expected a non-empty password", user.Value);
            users.Add(new NodeUser(user.Name, password));
        }
        return users;
    }
}
