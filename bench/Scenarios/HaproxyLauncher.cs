using System.Diagnostics;
using System.Net;

namespace ScriptProxy.Bench.Scenarios;

/// <summary>Finds (or installs, on Debian) HAProxy and runs it in TCP mode in the foreground as a child process.</summary>
internal static class HaproxyLauncher
{
    public static string? Find()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Concat(["/usr/sbin", "/usr/local/sbin"]))
        {
            string candidate = Path.Combine(dir, "haproxy");
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    /// <summary>Installs the Debian package when it is missing; returns null (with a reason) when that is not possible.</summary>
    public static string? EnsureInstalled(Action<string> log)
    {
        var found = Find();
        if (found is not null) return found;
        if (!File.Exists("/usr/bin/apt-get")) return null;
        log("haproxy not found: installing the Debian package (apt-get install -y haproxy)");
        bool root = Environment.UserName == "root";
        var info = new ProcessStartInfo(root ? "apt-get" : "sudo") { UseShellExecute = false };
        foreach (var a in (root ? new[] { "install", "-y", "haproxy" } : ["-n", "apt-get", "install", "-y", "haproxy"])) info.ArgumentList.Add(a);
        try
        {
            using var p = Process.Start(info);
            if (p is null || !p.WaitForExit(TimeSpan.FromMinutes(5))) return null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
        return Find();
    }

    public static ChildProcess Start(string haproxy, string folder, IPEndPoint listen, IPEndPoint upstream)
    {
        Directory.CreateDirectory(folder);
        string config = Path.Combine(folder, "haproxy.cfg");
        File.WriteAllText(config, $"""
            global
              maxconn 4096
            defaults
              mode tcp
              timeout connect 5s
              timeout client 5m
              timeout server 5m
            frontend cql
              bind 127.0.0.1:{listen.Port}
              default_backend node
            backend node
              server node1 127.0.0.1:{upstream.Port}

            """);
        return ChildProcess.Start("haproxy", haproxy, ["-f", config, "-db"], folder);
    }
}
