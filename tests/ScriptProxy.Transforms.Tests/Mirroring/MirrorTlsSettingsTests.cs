using System.Net.Security;
using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Transforms.Mirroring;
using ScriptProxy.Transforms.Support;
using ScriptProxy.Transforms.Tests.Support;

namespace ScriptProxy.Transforms.Tests.Mirroring;

/// <summary>
/// The <c>tls</c> setting of Tee and DualWrite: the transform hands the object to the host's reader (which owns the
/// shape and the certificate files) and carries what it returns to every connection it opens.
/// </summary>
public class MirrorTlsSettingsTests
{
    [Fact]
    public async Task Tls_object_goes_to_the_host_reader_with_its_key_and_endpoint_and_reaches_the_connection()
    {
        var seen = new List<SecondaryTarget>();
        (string Json, string Key, string Endpoint)? read = null;
        Func<SslClientAuthenticationOptions> options = () => new SslClientAuthenticationOptions { TargetHost = "db.example" };
        var context = new BuiltinContext("proxy.json", "stages[1]")
        {
            ReadSecondaryTls = (tls, key, endpoint) =>
            {
                read = (tls.GetRawText(), key, endpoint);
                return options;
            },
            ConnectUpstream = (target, _) =>
            {
                lock (seen) seen.Add(target);
                return ValueTask.FromResult<ISecondaryUpstream>(new NodeUpstream(Fixtures.Shop()));
            },
        };
        var c = Fixtures.Connect(Fixtures.Shop());
        var tee = Stages.Create<Tee>("""{"upstream": "10.0.0.9:9142", "tls": {"caCertificate": "ca.pem"}}""", context);

        Assert.Equal(("""{"caCertificate": "ca.pem"}""", "stages[1].tls", "10.0.0.9:9142"), read);
        Assert.IsType<VoidResult>(await c.Query("INSERT INTO shop.users (id) VALUES (1)", tee));
        var target = Assert.Single(seen);
        Assert.Same(options, target.Tls);
        Assert.Equal("10.0.0.9:9142", target.ToString());
    }

    [Fact]
    public async Task Without_tls_or_when_the_reader_turns_it_off_the_connection_is_plain()
    {
        var seen = new List<SecondaryTarget>();
        var context = new BuiltinContext("proxy.json", "stages[0]")
        {
            ReadSecondaryTls = (_, _, _) => null,
            ConnectUpstream = (target, _) =>
            {
                lock (seen) seen.Add(target);
                return ValueTask.FromResult<ISecondaryUpstream>(new NodeUpstream(Fixtures.Shop()));
            },
        };
        var c = Fixtures.Connect(Fixtures.Shop());
        foreach (var json in new[] { """{"target": "10.0.0.9:9042"}""", """{"target": "10.0.0.9:9042", "tls": {"enabled": false}}""" })
        {
            var dual = Stages.Create<DualWrite>(json, context);
            Assert.IsType<VoidResult>(await c.Query("INSERT INTO shop.users (id) VALUES (1)", dual));
        }
        Assert.Equal(2, seen.Count);
        Assert.All(seen, t => Assert.Null(t.Tls));
    }

    [Fact]
    public void Tls_needs_host_support()
    {
        var context = new BuiltinContext("proxy.json", "stages[2]") { ConnectUpstream = (_, _) => throw new InvalidOperationException("not connected at build") };
        var e = Assert.Throws<TransformConfigException>(() => Stages.Create("DualWrite", """{"target": "10.0.0.9:9042", "tls": {}}""", context));
        Assert.Equal("proxy.json: 'stages[2].tls': DualWrite cannot use TLS to another cluster in this host", e.Message);
    }
}
