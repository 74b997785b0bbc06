using System.Diagnostics;
using System.Numerics;
using ScriptProxy.Abstractions.Types;

namespace ScriptProxy.Abstractions.Tests.Types;

/// <summary>
/// Found by the fuzzer: formatting a decimal whose wire scale is near ±2^31 built a 2 GB string
/// (OutOfMemoryException) or computed 10^2147483647 (a hang). Extreme scales now use scientific notation.
/// </summary>
public class CqlDecimalTests
{
    [Theory]
    [InlineData(12345, 2, "123.45")]
    [InlineData(-5, 3, "-0.005")]
    [InlineData(5, -2, "500")]
    [InlineData(0, 0, "0")]
    [InlineData(7, 0, "7")]
    public void Ordinary_scales_format_plainly(long unscaled, int scale, string expected) =>
        Assert.Equal(expected, new CqlDecimal(unscaled, scale).ToString());

    [Theory]
    [InlineData(5, int.MaxValue, "5E-2147483647")]
    [InlineData(-123, int.MaxValue, "-1.23E-2147483645")]
    [InlineData(5, int.MinValue, "5E+2147483648")]
    [InlineData(42, -1000, "4.2E+1001")]
    [InlineData(1, 100, "1E-100")]
    public void Extreme_scales_format_in_scientific_notation_quickly(long unscaled, int scale, string expected)
    {
        var clock = Stopwatch.StartNew();
        Assert.Equal(expected, new CqlDecimal(new BigInteger(unscaled), scale).ToString());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void A_decoded_decimal_with_a_huge_scale_formats_as_a_literal()
    {
        byte[] wire = [0x7F, 0xFF, 0xFF, 0xF3, 0x07];
        var value = CqlValueCodec.Decode(CqlType.Decimal, wire, 4);
        Assert.Equal("7E-2147483635", CqlValueCodec.Format(CqlType.Decimal, value));
    }
}
