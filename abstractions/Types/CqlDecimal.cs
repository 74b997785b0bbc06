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

    // Beyond this many padding zeros the value is written in scientific notation, as Java's BigDecimal does;
    // a wire scale near int.MaxValue would otherwise build a 2 GB string (or compute 10^2147483647).
    private const int MaxPlainZeros = 64;

    public override string ToString()
    {
        string abs = BigInteger.Abs(Unscaled).ToString(CultureInfo.InvariantCulture);
        if (Scale < -MaxPlainZeros || Scale > abs.Length + MaxPlainZeros) return Scientific(abs);
        if (Scale <= 0) return (Unscaled * BigInteger.Pow(10, -Scale)).ToString(CultureInfo.InvariantCulture);
        string digits = abs.PadLeft(Scale + 1, '0');
        string sign = Unscaled.Sign < 0 ? "-" : "";
        return $"{sign}{digits[..^Scale]}.{digits[^Scale..]}";
    }

    /// <summary>d.dddE±n with n = digits - 1 - scale (Java's BigDecimal.toString for extreme scales).</summary>
    private string Scientific(string abs)
    {
        long exponent = abs.Length - 1L - Scale;
        string sign = Unscaled.Sign < 0 ? "-" : "";
        string mantissa = abs.Length == 1 ? abs : $"{abs[0]}.{abs[1..]}";
        return $"{sign}{mantissa}E{(exponent >= 0 ? "+" : "")}{exponent.ToString(CultureInfo.InvariantCulture)}";
    }
}
