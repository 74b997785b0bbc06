using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Client;
using ScriptProxy.Node.Hosting;

namespace ScriptProxy.Host.Tests.Transforms.Mirroring;

/// <summary>DualWrite to a target cluster that runs PasswordAuthenticator: it logs in with <c>credentials</c>, and a wrong password is a clear error.</summary>
[Collection(TransformCollection.Name)]
public sealed class MirrorCredentialsTests
{
    private static readonly EmbeddedNodeOptions Secured = new() { Users = [new NodeUser("migrator", "s3cret")] };

    [Fact]
    public async Task DualWrite_LogsInToAnAuthenticatingTarget_WritesLandThere()
    {
        await using var bed = await TransformBed.StartAsync(
            """[{"builtin": "DualWrite", "target": "{secondary}", "credentials": {"username": "migrator", "password": "s3cret"}}]""", secondary: true, secondaryNode: Secured);
        await using var target = await CqlConnection.ConnectAsync(bed.Secondary!.LocalEndPoint!, new CqlConnectionOptions { Credentials = new CqlCredentials("migrator", "s3cret") });
        await using var client = await CqlConnection.ConnectAsync(bed.Proxy.EndPoint);
        foreach (var c in new[] { client, target })
        {
            // DualWrite sends schema changes to the origin only: the migration creates the target's schema.
            await c.QueryAsync("CREATE KEYSPACE IF NOT EXISTS auth_mig WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
            await c.QueryAsync("CREATE TABLE IF NOT EXISTS auth_mig.t (id int PRIMARY KEY, v text)");
        }
        await client.QueryAsync("INSERT INTO auth_mig.t (id, v) VALUES (1, 'both')");
        var onTarget = Assert.IsType<RowsResult>(await target.QueryAsync("SELECT v FROM auth_mig.t WHERE id = 1"));
        Assert.Equal(1, onTarget.RowCount);
    }

    [Fact]
    public async Task DualWrite_WrongPassword_FailsTheWriteWithTheReason_AndTheOriginKeepsServing()
    {
        await using var bed = await TransformBed.StartAsync(
            """[{"builtin": "DualWrite", "target": "{secondary}", "credentials": {"username": "migrator", "password": "wrong"}}]""", secondary: true, secondaryNode: Secured);
        await using var client = await CqlConnection.ConnectAsync(bed.Proxy.EndPoint);
        await client.QueryAsync("CREATE KEYSPACE IF NOT EXISTS auth_bad WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
        await client.QueryAsync("CREATE TABLE IF NOT EXISTS auth_bad.t (id int PRIMARY KEY, v text)");
        var failed = await client.SendAsync(new QueryRequest("INSERT INTO auth_bad.t (id, v) VALUES (1, 'x')"));
        var error = Assert.IsType<ErrorResponse>(failed);
        Assert.Contains(bed.Secondary!.LocalEndPoint!.Port.ToString(), error.Message);
        Assert.Contains("authenticat", error.Message, StringComparison.OrdinalIgnoreCase);
        // Reads go to the origin and still work.
        Assert.IsType<RowsResult>(await client.QueryAsync("SELECT v FROM auth_bad.t WHERE id = 1"));
    }
}
