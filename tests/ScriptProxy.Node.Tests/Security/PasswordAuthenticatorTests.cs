using System.Text;
using ScriptProxy.Node.Hosting;
using ScriptProxy.Node.Security;

namespace ScriptProxy.Node.Tests.Security;

public sealed class PasswordAuthenticatorTests
{
    private static readonly PasswordAuthenticator Authenticator = new([new NodeUser("alice", "s3cret"), new NodeUser("bob", "pw", Superuser: false)]);

    private static byte[] Plain(string authzid, string user, string password) => Encoding.UTF8.GetBytes($"{authzid}\0{user}\0{password}");

    [Theory]
    [InlineData("", "alice", "s3cret", "alice")]
    [InlineData("", "bob", "pw", "bob")]
    [InlineData("alice", "alice", "s3cret", "alice")] // an authorization id is ignored, as Cassandra does
    public void Authenticate_RightPassword_ReturnsUser(string authzid, string user, string password, string expected)
    {
        var who = Authenticator.Authenticate(Plain(authzid, user, password), out var error);
        Assert.Equal(expected, who?.Name);
        Assert.Equal("", error);
    }

    [Theory]
    [InlineData("alice", "wrong")]
    [InlineData("alice", "S3CRET")]
    [InlineData("nobody", "s3cret")]
    [InlineData("Alice", "s3cret")]
    public void Authenticate_WrongCredentials_CassandrasMessage(string user, string password)
    {
        Assert.Null(Authenticator.Authenticate(Plain("", user, password), out var error));
        Assert.Equal($"Provided username {user} and/or password are incorrect", error);
    }

    [Theory]
    [InlineData("", "Authentication ID must not be null")]
    [InlineData("alice", "Authentication ID must not be null")]
    [InlineData("\0alice", "Authentication ID must not be null")]
    [InlineData("\0\0pw", "Authentication ID must not be null")]
    [InlineData("\0alice\0", "Password must not be null")]
    public void Authenticate_MalformedToken_Rejected(string token, string expected)
    {
        Assert.Null(Authenticator.Authenticate(Encoding.UTF8.GetBytes(token), out var error));
        Assert.Equal(expected, error);
    }

    [Fact]
    public void NodeUser_ToString_HidesPassword() => Assert.DoesNotContain("s3cret", new NodeUser("alice", "s3cret").ToString());

    [Theory]
    [InlineData("a:b", "a", "b")]
    [InlineData("a:b:c", "a", "b:c")]
    public void NodeUser_TryParse_SplitsAtFirstColon(string text, string name, string password)
    {
        Assert.True(NodeUser.TryParse(text, out var user));
        Assert.Equal(new NodeUser(name, password), user);
    }

    [Theory]
    [InlineData("nocolon")]
    [InlineData(":pw")]
    public void NodeUser_TryParse_Invalid(string text) => Assert.False(NodeUser.TryParse(text, out _));
}
