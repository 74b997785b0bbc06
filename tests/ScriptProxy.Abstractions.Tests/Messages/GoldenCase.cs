using ScriptProxy.Abstractions.Messages;

namespace ScriptProxy.Abstractions.Tests.Messages;

/// <summary>A hand-written frame and the model it must decode to (and encode from).</summary>
/// <param name="Name">Unique name used as the theory key.</param>
/// <param name="Hex">The frame in <see cref="HexFrame"/> notation, header included.</param>
/// <param name="Expected">The model.</param>
/// <param name="Envelope">The expected preamble (null = none).</param>
/// <param name="EncodeToo">False for decode-only cases (e.g. ignored flags the encoder normalises away).</param>
internal sealed record GoldenCase(string Name, string Hex, Func<ICqlMessage> Expected, MessageEnvelope? Envelope = null, bool EncodeToo = true)
{
    public byte[] Bytes => HexFrame.Parse(Hex);
}
