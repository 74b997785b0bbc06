using System.Buffers;
using BenchmarkDotNet.Attributes;
using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Abstractions.Wire;
using ScriptProxy.Host.Protocol;

namespace ScriptProxy.Bench.Micro;

/// <summary>
/// Cost of looking at a QUERY: the header alone (what bypass pays), the allocation-free body walk
/// (what validation pays), peeking the query text, and a full typed decode (what a parsing stage pays).
/// </summary>
[MemoryDiagnoser]
public class FrameDecodeBenchmarks
{
    private byte[] _envelope = [];
    private ReadOnlyMemory<byte> _body;

    [GlobalSetup]
    public void Setup()
    {
        var query = new QueryRequest("SELECT id, name, email FROM shop.customers WHERE id = ?", new QueryParameters(Consistency.LocalQuorum)
        {
            Values = [new CqlValueSlice(new byte[] { 0, 0, 0, 0, 0, 0, 0, 42 })],
            PageSize = 5000,
        });
        var writer = new ArrayBufferWriter<byte>();
        FrameEncoder.Write(writer, ProtocolVersion.V4, response: false, FrameFlags.None, stream: 17, query);
        _envelope = writer.WrittenSpan.ToArray();
        _body = _envelope.AsMemory(FrameHeader.Size);
    }

    [Benchmark(Baseline = true)]
    public int Header() => FrameHeader.Read(_envelope).BodyLength;

    [Benchmark]
    public int HeaderAndValidate()
    {
        var header = FrameHeader.Read(_envelope);
        RequestBodyValidator.Validate(header, _body);
        return header.BodyLength;
    }

    [Benchmark]
    public int HeaderAndPeekQuery()
    {
        var header = FrameHeader.Read(_envelope);
        var reader = new CqlReader(_body);
        var text = QueryRequest.PeekQueryUtf8(ref reader, out var consistency);
        return header.Stream + text.Length + (int)consistency;
    }

    [Benchmark]
    public int HeaderAndQueryDecode()
    {
        var header = FrameHeader.Read(_envelope);
        var query = (QueryRequest)MessageCodec.DecodeRequest(header, _body, out _);
        return query.Query.Length + query.Parameters.Values!.Count;
    }
}
