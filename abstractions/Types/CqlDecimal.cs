using System.Globalization;
using System.Numerics;

namespace ScriptProxy.Abstractions.Types;

/// <summary>decimal: an arbitrary-precision unscaled value and a scale (value = Unscaled * 10^-Scale).</summary>
public readonly record struct CqlDecimal(BigInteger Unscaled, int Scale)
{
    public static CqlDecimal FromDecimal(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        int scale = (bits[3] >> 16) & 0xFF;
        var unscaled = new BigInteger((uint)bits[0]) | (new BigInteger((uint)bits[1]) << 32) | (new BigInteger((uint)bits[2]) << 64);
        if (value < 0) unscaled = -unscaled;
        return new CqlDecimal(unscaled, scale);
    }

    public override string ToString()
    {
        if (Scale <= 0) return (Unscaled * BigInteger.Pow(10, -Scale)).ToString(CultureInfo.InvariantCulture);
        string digits = BigInteger.Abs(Unscaled).ToString(CultureInfo.InvariantCulture).PadLeft(Scale + 1, '0');
        string sign = Unscaled.Sign < 0 ? "-" : "";
        return $"{sign}{digits[..^Scale]}.{digits[^Scale..]}";
    }
}
