namespace ScriptProxy.Client.Tests.Support;

/// <summary>Every framing the client speaks: protocol version and body/segment compression.</summary>
public static class ClientFramings
{
    public static TheoryData<byte, string?> All => new()
    {
        { 3, null }, { 4, null }, { 4, "lz4" }, { 5, null }, { 5, "lz4" },
    };
}
