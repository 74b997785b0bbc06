using ScriptProxy.Abstractions.Types;
using ScriptProxy.Node.Schema;

namespace ScriptProxy.Node.Execution.Ddl;

/// <summary>Parses column type text against a keyspace's user types, turning parse failures into Invalid errors.</summary>
internal static class TypeResolver
{
    public static CqlType Resolve(string text, KeyspaceMetadata keyspace)
    {
        try
        {
            return CqlType.Parse(text, name => keyspace.Types.GetValueOrDefault(name) ?? keyspace.Types.GetValueOrDefault(name.Trim('"')));
        }
        catch (FormatException)
        {
            string name = text.Replace("frozen<", "").TrimEnd('>');
            throw CqlException.Invalid($"Unknown type {keyspace.Name}.{name}");
        }
    }
}
