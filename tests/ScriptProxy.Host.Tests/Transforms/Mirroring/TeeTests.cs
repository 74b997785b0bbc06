using ScriptProxy.Transforms.Mirroring;

namespace ScriptProxy.Host.Tests.Transforms.Mirroring;

/// <summary>Tee with the real Python driver through the proxy and a second embedded node as the other cluster.</summary>
[Collection(TransformCollection.Name)]
public sealed class TeeTests
{
    [Fact]
    public async Task PythonDriver_SecondaryGetsEveryWrite_FailOnMismatchFailsDivergedReads()
    {
        await using var bed = await TransformBed.StartAsync("""[{"builtin": "Tee", "upstream": "{secondary}", "mismatch": "FailOnMismatch"}]""", secondary: true);
        var j = await bed.RunAsync("transforms_mirroring.py", "Tee");
        const string all = """[[1,"simple"],[2,"prepared"],[3,"batched"],[4,"batchedtext"],[5,"afteruse"]]""";
        Assert.Equal(all, j.GetProperty("client_rows").GetRawText().Replace(" ", ""));
        Assert.Equal(all, j.GetProperty("node_rows").GetRawText().Replace(" ", ""));
        Assert.Equal(all, j.GetProperty("secondary_rows").GetRawText().Replace(" ", ""));
        Assert.Equal("ServerError/0x0000", j.GetProperty("diverged_read").GetString());
        Assert.Equal("simple", j.GetProperty("same_read").GetString());
        Assert.Equal(1, bed.Stage<Tee>().MismatchCount);
        // The driver is gone: its secondary connections are closed with its sessions, not kept until the stage is replaced.
        var tee = bed.Stage<Tee>();
        for (int i = 0; i < 200 && (tee.SecondaryConnections > 0 || bed.Proxy.Server.SessionCount > 0); i++) await Task.Delay(50);
        Assert.Equal(0, bed.Proxy.Server.SessionCount);
        Assert.Equal(0, tee.SecondaryConnections);
    }

    [Fact]
    public async Task PythonDriver_ResultSourceSecondary_AnswersFromTheSecondCluster()
    {
        await using var bed = await TransformBed.StartAsync("""[{"builtin": "Tee", "upstream": "{secondary}", "resultSource": "Secondary"}]""", secondary: true);
        var j = await bed.RunAsync("transforms_mirroring.py", "TeeSecondary");
        Assert.Equal("""[[1,"both"],[2,"secondaryonly"]]""", j.GetProperty("client_rows").GetRawText().Replace(" ", ""));
        Assert.Equal("""[[2,"secondaryonly"]]""", j.GetProperty("prepared_secondary").GetRawText().Replace(" ", ""));
        Assert.Equal("[]", j.GetProperty("prepared_primary").GetRawText());
    }
}
