using ScriptProxy.Node.Hosting;
using ScriptProxy.Testing;

namespace ScriptProxy.Node.Tests.Drivers;

/// <summary>
/// The real Python driver connected to a 3-node embedded cluster while node 3 stops and restarts: the driver marks it
/// down and up again, and its prepared statements keep working against the restarted node (which answers UNPREPARED
/// until the driver re-prepares) with the data the node kept.
/// </summary>
public sealed class PythonClusterRestartTests
{
    [Fact]
    public async Task NodeStopsAndRestarts_DriverFollowsAndReadsEveryRowBack()
    {
        await using var cluster = await EmbeddedCluster.StartAsync(new EmbeddedClusterOptions { NativePort = 0, ClusterName = "Test Cluster" });
        var folder = Directory.CreateTempSubdirectory("cluster-restart-");
        try
        {
            const int rows = 30;
            var driver = DriverProcess.PythonAsync("cluster_restart.py", TimeSpan.FromSeconds(240),
                cluster.EndPointOf(0).Port.ToString(), folder.FullName, cluster.EndPointOf(2).Address.ToString(), rows.ToString());

            await WaitForFileAsync(folder, "ready-stop", driver);
            await cluster.StopNodeAsync(2);
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "go-stop"), "");
            await WaitForFileAsync(folder, "ready-restart", driver);
            await cluster.RestartNodeAsync(2);
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "go-restart"), "");

            var r = await driver;
            Assert.True(r.ExitCode == 0, r.ToString());
            var j = r.Json;
            Assert.Equal(3, j.GetProperty("hosts").GetInt32());
            Assert.True(j.GetProperty("up_before").GetBoolean());
            Assert.True(j.GetProperty("down_seen").GetBoolean(), r.ToString());
            Assert.True(j.GetProperty("up_seen").GetBoolean(), r.ToString());
            Assert.Equal(rows, j.GetProperty("read_back").GetInt32());
            Assert.True(cluster.Node(2).Statistics.OwnedPartitions > 0, "no read reached the restarted node");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>Polls for the script's marker file; fails with the script's output if it exits first.</summary>
    private static async Task WaitForFileAsync(DirectoryInfo folder, string name, Task<DriverProcess.Result> driver)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(150);
        while (!File.Exists(Path.Combine(folder.FullName, name)))
        {
            if (driver.IsCompleted) Assert.Fail($"the driver script ended before {name}: {await driver}");
            if (DateTime.UtcNow > deadline) Assert.Fail($"no {name} from the driver script within 150 s");
            await Task.Delay(50);
        }
    }
}
