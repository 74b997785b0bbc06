using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Text;
using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Node.Hosting;

namespace ScriptProxy.Node.Tests.Server;

/// <summary>Raw protocol exchanges over an in-memory duplex pipe (the in-process path the proxy uses).</summary>
public sealed class HandshakeTests
{
    private sealed class Duplex(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }

    private static async Task<byte[]> ExchangeAsync(byte[] request, int expectedAtLeast)
    {
        await using var node = new EmbeddedNode();
        var toServer = new Pipe();
        var toClient = new Pipe();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var serving = node.ServeConnectionAsync(new Duplex(toServer.Reader, toClient.Writer), null, cts.Token);
        await toServer.Writer.WriteAsync(request, cts.Token);
        var received = new List<byte>();
        while (received.Count < expectedAtLeast)
        {
            var r = await toClient.Reader.ReadAsync(cts.Token);
            received.AddRange(r.Buffer.ToArray());
            toClient.Reader.AdvanceTo(r.Buffer.End);
            if (received.Count >= 9 && received.Count >= 9 + BinaryPrimitives.ReadInt32BigEndian(received.ToArray().AsSpan(5))) break;
        }
        await toServer.Writer.CompleteAsync();
        await serving;
        return received.ToArray();
    }

    [Theory]
    [InlineData(66, 9)]
    [InlineData(65, 9)]
    [InlineData(2, 8)]
    [InlineData(1, 8)]
    public async Task UnsupportedVersion_AnsweredWithV4ProtocolError_OnRequestStream(byte version, int headerSize)
    {
        var request = new byte[headerSize];
        request[0] = version;
        if (headerSize == 9) BinaryPrimitives.WriteInt16BigEndian(request.AsSpan(2), 7);
        else request[2] = 7;
        request[headerSize == 9 ? 4 : 3] = (byte)Opcode.Options;
        var response = await ExchangeAsync(request, 9);
        Assert.Equal(0x84, response[0]);
        Assert.Equal(7, BinaryPrimitives.ReadInt16BigEndian(response.AsSpan(2)));
        Assert.Equal((byte)Opcode.Error, response[4]);
        Assert.Equal(0x000A, BinaryPrimitives.ReadInt32BigEndian(response.AsSpan(9)));
        string text = Encoding.UTF8.GetString(response.AsSpan(15));
        Assert.Contains($"Invalid or unsupported protocol version ({version})", text);
    }

    [Fact]
    public async Task Options_ReturnsSupportedWithCqlVersionCompressionAndProtocolVersions()
    {
        var request = new byte[9];
        FrameHeader.Create(4, false, FrameFlags.None, 3, Opcode.Options, 0).Write(request);
        var response = await ExchangeAsync(request, 9);
        var header = FrameHeader.Read(response);
        var supported = Assert.IsType<SupportedResponse>(MessageCodec.DecodeResponse(header, response.AsMemory(9, header.BodyLength), out _));
        Assert.Equal(["3.4.5"], supported.Options["CQL_VERSION"]);
        Assert.Equal(["lz4", "snappy"], supported.Options["COMPRESSION"]);
        Assert.Equal(["3/v3", "4/v4", "5/v5"], supported.Options["PROTOCOL_VERSIONS"]);
    }
}
