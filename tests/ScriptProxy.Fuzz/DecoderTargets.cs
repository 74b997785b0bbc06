using System.Buffers;
using ScriptProxy.Abstractions.Buffers;
using ScriptProxy.Abstractions.Compression;
using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Abstractions.Framing;
using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Abstractions.Types;
using ScriptProxy.Abstractions.Wire;
using ScriptProxy.Host.Protocol;

namespace ScriptProxy.Fuzz;

/// <summary>
/// Runs one input through the decoders. Each decoder must either succeed or throw
/// <see cref="CqlProtocolException"/>; anything else escapes to <see cref="FuzzRunner"/>, which records it.
/// Also counts where the host's allocation-free body walk and the typed decoder disagree.
/// </summary>
public sealed class DecoderTargets
{
    /// <summary>The proxy's default frame limit: decompression is allowed this much, as in the host.</summary>
    public const int MaxBodyLength = BodyCompression.DefaultMaxDecompressedLength;

    private readonly List<BufferLease> _envelopes = [];

    /// <summary>Requests the body walk accepted but the typed decoder rejected (forwarded, yet a stage could not read them).</summary>
    public long ValidatorLenient { get; private set; }

    /// <summary>Requests the body walk rejected but the typed decoder accepted (answered with an error, though readable).</summary>
    public long ValidatorStrict { get; private set; }

    /// <summary>A few examples of each disagreement, for the report.</summary>
    public List<string> DisagreementExamples { get; } = [];

    public void Envelope(ReadOnlyMemory<byte> envelope)
    {
        if (envelope.Length < FrameHeader.Size) return;
        var header = FrameHeader.Read(envelope.Span);
        var problem = FrameValidator.Check(header, header.IsResponse, MaxBodyLength);
        FrameValidator.Describe(problem, header, MaxBodyLength);
        int available = envelope.Length - FrameHeader.Size;
        int bodyLength = header.BodyLength < 0 || header.BodyLength > available ? available : header.BodyLength;
        Body(header, envelope.Slice(FrameHeader.Size, bodyLength));
    }

    public void CompressedEnvelope(ReadOnlyMemory<byte> envelope, IBodyCompressor compressor)
    {
        if (envelope.Length < FrameHeader.Size) return;
        var header = FrameHeader.Read(envelope.Span);
        using var body = compressor.Decompress(envelope.Span[FrameHeader.Size..], MaxBodyLength);
        Body(header, body.Memory);
    }

    public void Segments(byte[] stream, bool lz4)
    {
        var decoder = new SegmentDecoder(lz4);
        using var reassembler = new SegmentReassembler(MaxBodyLength + FrameHeader.Size);
        var buffer = new ReadOnlySequence<byte>(stream);
        try
        {
            while (decoder.TryDecode(ref buffer, out var header, out var payload))
            {
                reassembler.Add(header.IsSelfContained, payload, _envelopes);
                foreach (var envelope in _envelopes) Envelope(envelope.Memory);
                DisposeEnvelopes();
            }
        }
        finally
        {
            DisposeEnvelopes();
        }
    }

    public static void Value(byte[] option, CqlType? type, byte[] value)
    {
        if (type is null)
        {
            var reader = new CqlReader(option);
            type = CqlTypeCodec.Read(ref reader);
        }
        var decoded = CqlValueCodec.Decode(type, value, ProtocolVersion.V4);
        // Formatting walks the decoded value the way logs and scripts do.
        CqlValueCodec.Format(type, decoded);
    }

    private void Body(in FrameHeader header, ReadOnlyMemory<byte> body)
    {
        bool decoded = false;
        string? decodeError = null;
        try
        {
            var message = MessageCodec.Decode(header, body, out _);
            if (message is RowsResult rows) DecodeCells(rows, header.Version);
            decoded = true;
        }
        catch (CqlProtocolException e)
        {
            decodeError = e.Message;
        }
        if (header.IsResponse || !OpcodeInfo.IsRequest(header.Opcode) || !ProtocolVersion.IsSupported(header.Version)) return;
        if ((header.Flags & FrameFlags.Compression) != 0) return;
        string? validateError = null;
        try
        {
            RequestBodyValidator.Validate(header, body);
        }
        catch (CqlProtocolException e)
        {
            validateError = e.Message;
        }
        if (validateError is null && !decoded)
        {
            ValidatorLenient++;
            Example($"walk accepted, decoder rejected v{header.Version} {header.Opcode} flags 0x{(byte)header.Flags:X2}: {decodeError}", body);
        }
        else if (validateError is not null && decoded)
        {
            ValidatorStrict++;
            Example($"walk rejected ({validateError}), decoder accepted v{header.Version} {header.Opcode} flags 0x{(byte)header.Flags:X2}", body);
        }
    }

    private static void DecodeCells(RowsResult rows, byte version)
    {
        var columns = rows.Columns;
        // With no columns any row count is consistent (2^31 empty rows take 0 bytes): nothing to decode.
        if (columns is null || columns.Count == 0) return;
        for (int r = 0; r < rows.RowCount; r++)
        {
            for (int c = 0; c < columns.Count; c++)
            {
                var cell = rows.GetCell(r, c);
                if (cell.HasBytes) CqlValueCodec.Decode(columns[c].Type, cell.Bytes.Span, version);
            }
        }
    }

    private void Example(string what, ReadOnlyMemory<byte> body)
    {
        if (DisagreementExamples.Count >= 20) return;
        DisagreementExamples.Add($"{what}; body {Convert.ToHexString(body.Span[..Math.Min(body.Length, 64)])}");
    }

    private void DisposeEnvelopes()
    {
        foreach (var e in _envelopes) e.Dispose();
        _envelopes.Clear();
    }
}
