using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Transforms.Support;

namespace ScriptProxy.Transforms.Tests.Support;

/// <summary>A second cluster for Tee/DualWrite tests: a <see cref="TestNode"/> reached through real encoded frames, with its own session keyspace.</summary>
public sealed class NodeUpstream(TestNode node, string endpoint = "127.0.0.9:9042") : ISecondaryUpstream
{
    private string? _keyspace;

    public string Endpoint { get; } = endpoint;

    public bool Fail { get; set; }

    public ValueTask<IResponse> SendAsync(IRequest request, CancellationToken cancellationToken)
    {
        if (Fail) throw new IOException("connection reset");
        // Round-trip through the wire format, as a real connection would.
        using var frame = FrameEncoder.ToFrame(4, response: false, FrameFlags.None, 1, request);
        var decoded = MessageCodec.DecodeRequest(frame);
        node.Keyspace = _keyspace;
        var response = node.Handle(decoded, 4);
        if (response is SetKeyspaceResult s) _keyspace = s.Keyspace;
        // Not disposed: the decoded response holds views into the frame, which the caller keeps.
        var answer = FrameEncoder.ToFrame(4, response: true, FrameFlags.None, 1, response);
        return ValueTask.FromResult(MessageCodec.DecodeResponse(answer));
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
