using System.Buffers;
using System.Buffers.Binary;
using ScriptProxy.Abstractions.Tests.Types;
using ScriptProxy.Abstractions.Types;
using ScriptProxy.Abstractions.Wire;

namespace ScriptProxy.Fuzz;

/// <summary>
/// Cases for the cell value codec: a column type (random, deeply nested tuples/UDTs, or decoded from mutated
/// [option] bytes) and value bytes (a valid encoding, mutated; or a collection whose declared count is huge).
/// </summary>
public sealed class ValueCaseGenerator(int seed)
{
    private readonly RandomCqlValues _values = new(seed);
    private readonly Mutator _mutator = new(new Random(seed ^ 0x5EED));

    private Random R => _values.Random;

    /// <summary>One case: the [option] bytes of the type (fuzzed separately) and the value bytes.</summary>
    public (byte[] Option, CqlType? Type, byte[] Value) Next()
    {
        CqlType type = R.Next(10) switch
        {
            0 => DeepNest(1 + R.Next(80)),
            1 => WideTuple(1 + R.Next(2000)),
            _ => _values.NextType(R.Next(5)),
        };
        bool huge = R.Next(6) == 0;
        if (huge && !type.IsCollection) type = R.Next(2) == 0 ? CqlType.ListOf(type) : CqlType.MapOf(CqlType.Int, type);
        byte[] option = Option(type);
        byte[] value = huge ? HugeCollection() : Encode(type);
        if (R.Next(4) > 0) value = _mutator.MutateBytes(value);
        if (R.Next(4) == 0)
        {
            // Decode the type from (possibly mutated) wire bytes, as a RESULT's metadata would.
            option = _mutator.MutateBytes(option);
            return (option, null, value);
        }
        return (option, type, value);
    }

    /// <summary>tuple&lt;udt&lt;tuple&lt;...&gt;&gt;&gt; nested <paramref name="depth"/> levels around an int.</summary>
    private CqlType DeepNest(int depth)
    {
        CqlType type = CqlType.Int;
        for (int i = 0; i < depth; i++)
        {
            type = (i % 3) switch
            {
                0 => new TupleType([type, CqlType.Text]),
                1 => new UdtType("ks", "u" + i, [new UdtField("f", type)]),
                _ => CqlType.ListOf(type),
            };
        }
        return type;
    }

    private static TupleType WideTuple(int width) => new(Enumerable.Repeat<CqlType>(CqlType.Int, width).ToList());

    private byte[] Encode(CqlType type)
    {
        try
        {
            return CqlValueCodec.Serialize(type, _values.NextValue(type), 4);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or CqlProtocolException)
        {
            return [];
        }
    }

    /// <summary>Collection bytes whose element count claims far more than the bytes hold.</summary>
    private byte[] HugeCollection()
    {
        var body = new byte[4 + 4 * R.Next(4)];
        int count = R.Next(3) switch
        {
            0 => int.MaxValue,
            1 => 0x10000000 + R.Next(1 << 20),
            _ => body.Length / 4 + R.Next(1, 8),
        };
        BinaryPrimitives.WriteInt32BigEndian(body, count);
        return body;
    }

    private static byte[] Option(CqlType type)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new CqlWriter(buffer);
        CqlTypeCodec.Write(ref writer, type);
        return buffer.WrittenSpan.ToArray();
    }
}
