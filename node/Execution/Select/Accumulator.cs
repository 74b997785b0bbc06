using System.Numerics;
using ScriptProxy.Abstractions.Types;
using ScriptProxy.Node.Storage;

namespace ScriptProxy.Node.Execution.Select;

/// <summary>State of count/min/max/sum/avg over the rows of one query.</summary>
internal sealed class Accumulator(string function, CqlType type, Func<RowView, object?> input)
{
    private long _count;
    private object? _value;
    private BigInteger _sumInt;
    private double _sumDouble;
    private decimal _sumDecimal;

    public void Add(in RowView row)
    {
        object? v = input(row);
        if (function == "count")
        {
            if (v is not null) _count++;
            return;
        }
        if (v is null) return;
        _count++;
        switch (function)
        {
            case "min":
                if (_value is null || ValueOrdering.Compare(type, v, _value) < 0) _value = v;
                break;
            case "max":
                if (_value is null || ValueOrdering.Compare(type, v, _value) > 0) _value = v;
                break;
            default:
                switch (v)
                {
                    case double d: _sumDouble += d; break;
                    case float f: _sumDouble += f; break;
                    case CqlDecimal cd: _sumDecimal += decimal.Parse(cd.ToString(), System.Globalization.CultureInfo.InvariantCulture); break;
                    default: _sumInt += v is BigInteger bi ? bi : Convert.ToInt64(v); break;
                }
                break;
        }
    }

    public object? Result()
    {
        switch (function)
        {
            case "count": return _count;
            case "min" or "max": return _value;
        }
        bool avg = function == "avg";
        return type.Code switch
        {
            CqlTypeCode.Double => avg ? (_count == 0 ? 0d : _sumDouble / _count) : _sumDouble,
            CqlTypeCode.Float => (float)(avg ? (_count == 0 ? 0d : _sumDouble / _count) : _sumDouble),
            CqlTypeCode.Decimal => CqlDecimal.FromDecimal(avg ? (_count == 0 ? 0m : _sumDecimal / _count) : _sumDecimal),
            CqlTypeCode.Varint => avg ? (_count == 0 ? BigInteger.Zero : _sumInt / _count) : _sumInt,
            CqlTypeCode.Int => (int)(avg ? (_count == 0 ? 0 : _sumInt / _count) : _sumInt),
            CqlTypeCode.Smallint => (short)(avg ? (_count == 0 ? 0 : _sumInt / _count) : _sumInt),
            CqlTypeCode.Tinyint => (sbyte)(avg ? (_count == 0 ? 0 : _sumInt / _count) : _sumInt),
            _ => (long)(avg ? (_count == 0 ? 0 : _sumInt / _count) : _sumInt),
        };
    }
}
