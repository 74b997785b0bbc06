using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace ScriptProxy.Host.Scripting.CSharp;

/// <summary>
/// Resolves <c>#r</c> directives. Scripts carry <c>#r ".../ScriptProxy.Abstractions.dll"</c> only so editors
/// give IntelliSense; at compile time that maps to the proxy's own abstractions (loading a second copy would
/// break type identity). Any other <c>#r</c> is not supported and resolves to nothing (a compile error).
/// </summary>
internal sealed class AbstractionsReferenceResolver : MetadataReferenceResolver
{
    public static readonly AbstractionsReferenceResolver Instance = new();

    public override bool Equals(object? other) => ReferenceEquals(this, other);

    public override int GetHashCode() => 1;

    public override ImmutableArray<PortableExecutableReference> ResolveReference(string reference, string? baseFilePath, MetadataReferenceProperties properties)
    {
        string name = Path.GetFileName(reference.Replace('\\', '/'));
        if (string.Equals(name, "ScriptProxy.Abstractions.dll", StringComparison.OrdinalIgnoreCase)
            || string.Equals(name, "ScriptProxy.Abstractions", StringComparison.OrdinalIgnoreCase))
        {
            return [(PortableExecutableReference)ScriptReferences.Abstractions];
        }
        return [];
    }
}
