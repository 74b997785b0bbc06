using System.Collections;
using System.Net;
using System.Reflection;
using ScriptProxy.Abstractions.Types;
using ScriptProxy.Abstractions.Wire;

namespace ScriptProxy.Abstractions.Tests.Messages;

/// <summary>
/// Deep structural comparison of message models: public properties recursively, sequences element-wise (in order),
/// byte views by content. Reports the path of the first difference.
/// </summary>
internal static class Structural
{
    public static void AssertEqual(object? expected, object? actual)
    {
        string? difference = Compare(expected, actual, "$");
        if (difference is not null) Assert.Fail(difference);
    }

    public static string? Compare(object? expected, object? actual, string path)
    {
        if (expected is null || actual is null)
            return expected is null && actual is null ? null : $"{path}: expected {Show(expected)} but got {Show(actual)}";
        switch (expected)
        {
            case ReadOnlyMemory<byte> m:
                return actual is ReadOnlyMemory<byte> a && m.Span.SequenceEqual(a.Span) ? null : $"{path}: bytes {Show(expected)} != {Show(actual)}";
            case string or Guid or IPAddress or IPEndPoint or CqlType or CqlValueSlice or Enum:
            case var _ when expected.GetType().IsPrimitive:
                return expected.Equals(actual) ? null : $"{path}: expected {Show(expected)} but got {Show(actual)}";
        }
        if (expected is IEnumerable e)
        {
            if (actual is not IEnumerable) return $"{path}: {actual.GetType().Name} is not a collection";
            var left = e.Cast<object?>().ToList();
            var right = ((IEnumerable)actual).Cast<object?>().ToList();
            if (left.Count != right.Count) return $"{path}: count {left.Count} != {right.Count}";
            for (int i = 0; i < left.Count; i++)
            {
                if (Compare(left[i], right[i], $"{path}[{i}]") is { } d) return d;
            }
            return null;
        }
        // Collections may differ in runtime type (array vs collection-expression list); other objects may not.
        if (expected.GetType() != actual.GetType()) return $"{path}: type {expected.GetType().Name} != {actual.GetType().Name}";
        foreach (var p in expected.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (p.GetIndexParameters().Length > 0) continue;
            if (Compare(p.GetValue(expected), p.GetValue(actual), $"{path}.{p.Name}") is { } d) return d;
        }
        return null;
    }

    private static string Show(object? o) => o switch
    {
        null => "null",
        ReadOnlyMemory<byte> m => "0x" + Convert.ToHexString(m.Span),
        _ => o.ToString() ?? "",
    };
}
