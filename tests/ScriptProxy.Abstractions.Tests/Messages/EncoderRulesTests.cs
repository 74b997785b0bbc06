using System.Buffers;
using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Abstractions.Wire;

namespace ScriptProxy.Abstractions.Tests.Messages;

/// <summary>What the encoder refuses or normalises, and the convenience API.</summary>
public class EncoderRulesTests
{
    private static byte[] Encode(byte version, bool response, ICqlMessage message, MessageEnvelope? envelope = null, FrameFlags flags = FrameFlags.None)
    {
        var buffer = new ArrayBufferWriter<byte>();
        FrameEncoder.Write(buffer, version, response, flags, 1, message, envelope);
        return buffer.WrittenSpan.ToArray();
    }

    [Fact]
    public void V5_only_fields_are_refused_in_older_versions()
    {
        var withKeyspace = new QueryRequest("Q", new QueryParameters(Consistency.One) { Keyspace = "ks" });
        var ex = Assert.Throws<CqlProtocolException>(() => Encode(4, false, withKeyspace));
        Assert.Contains("requires protocol v5", ex.Message);
        Assert.Throws<CqlProtocolException>(() => Encode(4, false, new QueryRequest("Q", new QueryParameters(Consistency.One) { NowInSeconds = 1 })));
        Assert.Throws<CqlProtocolException>(() => Encode(3, false, new PrepareRequest("Q", "ks")));
        Assert.Throws<CqlProtocolException>(() => Encode(4, false, new BatchRequest(BatchType.Logged, [], Consistency.One) { Keyspace = "ks" }));
        Assert.Throws<CqlProtocolException>(() => Encode(5, false, new ExecuteRequest(new byte[] { 1 }, null, new QueryParameters(Consistency.One))));
        Assert.Throws<CqlProtocolException>(() => Encode(3, true, ResultResponse.SchemaChanged(SchemaChange.ForFunction(SchemaChangeType.Created, "ks", "f", []))));
        Assert.Throws<CqlProtocolException>(() => Encode(3, true, ResultResponse.Void, new MessageEnvelope(Warnings: ["w"])));
    }

    [Fact]
    public void Preamble_flags_follow_the_envelope()
    {
        // Response: a stray tracing flag without a tracing id is dropped; compression is always cleared.
        byte[] plain = Encode(4, true, ResultResponse.Void, null, FrameFlags.Tracing | FrameFlags.Compression | FrameFlags.Warning);
        Assert.Equal(FrameFlags.None, FrameHeader.Read(plain).Flags);
        // Request: the tracing flag is a request for tracing and is kept; beta is kept.
        byte[] traced = Encode(5, false, new QueryRequest("Q"), null, FrameFlags.Tracing | FrameFlags.UseBeta);
        Assert.Equal(FrameFlags.Tracing | FrameFlags.UseBeta, FrameHeader.Read(traced).Flags);
        Assert.Throws<CqlProtocolException>(() => Encode(4, false, new QueryRequest("Q"), new MessageEnvelope(Guid.NewGuid())));
        var payload = new MessageEnvelope(CustomPayload: new Dictionary<string, ReadOnlyMemory<byte>?>());
        Assert.Throws<CqlProtocolException>(() => Encode(4, false, OptionsRequest.Instance, payload));
        Assert.Equal(FrameFlags.CustomPayload, FrameHeader.Read(Encode(4, false, new PrepareRequest("Q"), payload)).Flags);
    }

    [Fact]
    public void Direction_must_match_the_message()
    {
        Assert.Throws<ArgumentException>(() => Encode(4, true, OptionsRequest.Instance));
        Assert.Throws<ArgumentException>(() => Encode(4, false, ReadyResponse.Instance));
    }

    [Fact]
    public void ToFrame_from_a_request_header_answers_on_the_same_stream()
    {
        var request = FrameHeader.Create(4, false, FrameFlags.Tracing, 42, Opcode.Query, 0);
        using var answer = FrameEncoder.ToFrame(request, ErrorResponse.Protocol("no"), response: true);
        Assert.True(answer.IsResponse);
        Assert.Equal(42, answer.Stream);
        Assert.Equal(FrameFlags.None, answer.Header.Flags);
        var decoded = Assert.IsType<ErrorResponse>(MessageCodec.DecodeResponse(answer));
        Assert.Equal(ErrorCode.ProtocolError, decoded.Code);
        Assert.Equal("no", decoded.Message);
    }

    [Fact]
    public void Error_details_must_match_the_code()
    {
        Assert.Throws<ArgumentException>(() => new ErrorResponse(ErrorCode.Unavailable, "m"));
        Assert.Throws<ArgumentException>(() => new ErrorResponse(ErrorCode.Invalid, "m", new AlreadyExistsDetails("ks", "")));
        Assert.Throws<ArgumentException>(() => new ErrorResponse(ErrorCode.ReadTimeout, "m", new UnavailableDetails(Consistency.One, 1, 0)));
        var fromException = ErrorResponse.FromException(new CqlProtocolException("bad frame"));
        Assert.Equal(ErrorCode.ProtocolError, fromException.Code);
        Assert.Equal("bad frame", fromException.Message);
    }

    [Fact]
    public void Query_text_and_consistency_can_be_peeked_without_values()
    {
        byte[] frame = GoldenFrameTests.Cases["query-all-v4-flags-v4"].Bytes;
        var reader = new CqlReader(frame.AsMemory(FrameHeader.Size));
        var query = QueryRequest.PeekQueryUtf8(ref reader, out var consistency);
        Assert.Equal("SELECT ?,?"u8.ToArray(), query.ToArray());
        Assert.Equal(Consistency.Quorum, consistency);
    }

    [Fact]
    public void Query_decode_allocates_little_beyond_the_text_and_values()
    {
        byte[] frame = GoldenFrameTests.Cases["query-all-v4-flags-v4"].Bytes;
        var header = FrameHeader.Read(frame);
        var body = frame.AsMemory(FrameHeader.Size);
        for (int i = 0; i < 100; i++) MessageCodec.DecodeRequest(header, body, out _); // warm up
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++) MessageCodec.DecodeRequest(header, body, out _);
        long perDecode = (GC.GetAllocatedBytesForCurrentThread() - before) / 1000;
        // QueryRequest object + query string (10 chars) + values array (2 slices); no envelope, no lists, no boxing.
        Assert.True(perDecode <= 320, $"QUERY decode allocated {perDecode} bytes");
    }

    [Fact]
    public void Query_flags_are_a_byte_before_v5_and_an_int_from_v5()
    {
        var q = new QueryRequest("Q", new QueryParameters(Consistency.One) { SkipMetadata = true });
        Assert.EndsWith("000102", Convert.ToHexString(Encode(4, false, q)));
        Assert.EndsWith("000100000002", Convert.ToHexString(Encode(5, false, q)));
    }
}
