using ScriptProxy.Abstractions.Types;
using ScriptProxy.Node.Cql.Ast;
using ScriptProxy.Node.Storage;

namespace ScriptProxy.Node.Execution.Terms;

/// <summary>
/// Evaluates a term for a receiver of known type: literals are read as that type, markers decoded from their bytes,
/// collection literals built element-wise. Sets and maps come out sorted and de-duplicated, as Cassandra stores them.
/// </summary>
internal static class TermEvaluator
{
    public static object? Evaluate(Term term, CqlType type, string receiver, BoundValues values)
    {
        object? v = term switch
        {
            LiteralTerm lit => LiteralConverter.Convert(lit, type, receiver),
            BindMarkerTerm m => values.Get(m.Index, m.Name, type, receiver),
            CastTerm c => Evaluate(c.Inner, type, receiver, values),
            FunctionTerm f => EvaluateFunction(f, type, receiver, values),
            ListTerm l => EvaluateList(l, type, receiver, values),
            SetTerm s => EvaluateSet(s.Items, type, receiver, values),
            MapTerm m => EvaluateBraces(m, type, receiver, values),
            TupleTerm t => EvaluateTuple(t, type, receiver, values),
            IdentifierTerm i => throw CqlException.Invalid($"Undefined column name {i.Name}"),
            _ => throw CqlException.Invalid($"Unsupported term {term}"),
        };
        return v is UnsetValue ? v : Normalize(type, v);
    }

    private static object? EvaluateFunction(FunctionTerm f, CqlType type, string receiver, BoundValues values)
    {
        var args = new List<(object?, CqlType)>();
        foreach (var a in f.Args)
        {
            if (a is FunctionTerm inner)
            {
                var expected = CqlFunctions.ArgumentType(inner.Name, null) ?? type;
                args.Add(CallFunction(inner, expected, receiver, values));
            }
            else
            {
                var t = CqlFunctions.ArgumentType(f.Name, null) ?? type;
                args.Add((Evaluate(a, t, receiver, values), t));
            }
        }
        var (value, resultType) = CqlFunctions.Call(f.Name, args);
        if (value is not null && resultType.Code != type.Code && !(resultType.Code is CqlTypeCode.Timeuuid && type.Code is CqlTypeCode.Uuid))
            throw CqlException.Invalid($"Type error: cannot assign result of function system.{f.Name} (type {resultType}) to {receiver} (type {type})");
        return value;
    }

    private static (object?, CqlType) CallFunction(FunctionTerm f, CqlType expected, string receiver, BoundValues values)
    {
        var argType = CqlFunctions.ArgumentType(f.Name, null);
        var args = f.Args.Select(a => a is FunctionTerm inner
            ? CallFunction(inner, argType ?? expected, receiver, values)
            : (Evaluate(a, argType ?? expected, receiver, values), argType ?? expected)).ToList();
        return CqlFunctions.Call(f.Name, args);
    }

    private static object EvaluateList(ListTerm l, CqlType type, string receiver, BoundValues values)
    {
        CqlType element = type switch
        {
            ListType lt => lt.Element,
            SetType st => st.Element, // Cassandra accepts [..] for a set in some contexts (e.g. IN); be lenient
            _ => throw CqlException.Invalid($"Invalid list literal for {receiver} of type {type}"),
        };
        var list = new List<object?>(l.Items.Count);
        foreach (var item in l.Items)
        {
            var v = Evaluate(item, element, receiver, values);
            if (v is null or UnsetValue) throw CqlException.Invalid("null is not supported inside collections");
            list.Add(v);
        }
        return list;
    }

    private static object EvaluateSet(IReadOnlyList<Term> items, CqlType type, string receiver, BoundValues values)
    {
        if (type is not SetType st) throw CqlException.Invalid($"Invalid set literal for {receiver} of type {type}");
        var list = new List<object?>(items.Count);
        foreach (var item in items)
        {
            var v = Evaluate(item, st.Element, receiver, values);
            if (v is null or UnsetValue) throw CqlException.Invalid("null is not supported inside collections");
            list.Add(v);
        }
        return list;
    }

    private static object EvaluateBraces(MapTerm m, CqlType type, string receiver, BoundValues values)
    {
        switch (type)
        {
            case SetType when m.Entries.Count == 0:
                return new List<object?>();
            case MapType mt:
            {
                var list = new List<KeyValuePair<object?, object?>>(m.Entries.Count);
                foreach (var (k, v) in m.Entries)
                {
                    var key = Evaluate(k, mt.Key, receiver, values);
                    var value = Evaluate(v, mt.Value, receiver, values);
                    if (key is null or UnsetValue || value is null or UnsetValue) throw CqlException.Invalid("null is not supported inside collections");
                    list.Add(new(key, value));
                }
                return list;
            }
            case UdtType ut:
            {
                var fieldValues = new object?[ut.Fields.Count];
                foreach (var (k, v) in m.Entries)
                {
                    string name = k switch
                    {
                        IdentifierTerm i => i.Name,
                        LiteralTerm { Kind: LiteralKind.String } s => s.Text,
                        _ => throw CqlException.Invalid($"Invalid user type literal for {receiver}"),
                    };
                    int idx = -1;
                    for (int i = 0; i < ut.Fields.Count; i++)
                    {
                        if (ut.Fields[i].Name == name) { idx = i; break; }
                    }
                    if (idx < 0) throw CqlException.Invalid($"Unknown field '{name}' in value of user defined type {ut.Name}");
                    var fv = Evaluate(v, ut.Fields[idx].Type, $"{receiver}.{name}", values);
                    fieldValues[idx] = fv is UnsetValue ? null : fv;
                }
                return new UdtValue(ut, fieldValues);
            }
            default:
                throw CqlException.Invalid($"Invalid map literal for {receiver} of type {type}");
        }
    }

    private static object EvaluateTuple(TupleTerm t, CqlType type, string receiver, BoundValues values)
    {
        if (type is not TupleType tt) throw CqlException.Invalid($"Invalid tuple literal for {receiver} of type {type}");
        if (t.Items.Count > tt.Elements.Count) throw CqlException.Invalid($"Invalid tuple literal for {receiver}: too many elements. Type {type} expects {tt.Elements.Count} but got {t.Items.Count}");
        var result = new object?[tt.Elements.Count];
        for (int i = 0; i < t.Items.Count; i++)
        {
            var v = Evaluate(t.Items[i], tt.Elements[i], receiver, values);
            result[i] = v is UnsetValue ? null : v;
        }
        return result;
    }

    /// <summary>Sorts and de-duplicates sets and maps (recursively); empty collections are null, as in Cassandra.</summary>
    public static object? Normalize(CqlType type, object? value)
    {
        switch (type)
        {
            case SetType st when value is List<object?> set:
            {
                var sorted = set.Select(e => Normalize(st.Element, e)).ToList();
                sorted.Sort((a, b) => ValueOrdering.Compare(st.Element, a, b));
                for (int i = sorted.Count - 1; i > 0; i--)
                {
                    if (ValueOrdering.Compare(st.Element, sorted[i], sorted[i - 1]) == 0) sorted.RemoveAt(i);
                }
                return sorted;
            }
            case MapType mt when value is List<KeyValuePair<object?, object?>> map:
            {
                var sorted = new List<KeyValuePair<object?, object?>>(map.Count);
                foreach (var (k, v) in map)
                {
                    var nk = Normalize(mt.Key, k);
                    int i = sorted.FindIndex(e => ValueOrdering.Compare(mt.Key, e.Key, nk) == 0);
                    if (i >= 0) sorted[i] = new(nk, Normalize(mt.Value, v)); // later duplicate wins
                    else sorted.Add(new(nk, Normalize(mt.Value, v)));
                }
                sorted.Sort((a, b) => ValueOrdering.Compare(mt.Key, a.Key, b.Key));
                return sorted;
            }
            case ListType lt when value is List<object?> list:
                return list.Select(e => Normalize(lt.Element, e)).ToList();
            default:
                return value;
        }
    }
}
