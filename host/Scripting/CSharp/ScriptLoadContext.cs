using System.Reflection;
using System.Runtime.Loader;

namespace ScriptProxy.Host.Scripting.CSharp;

/// <summary>
/// A collectible load context holding one compiled script. Everything it references (the framework,
/// ScriptProxy.Abstractions) resolves to the default context, so the contract types are shared and the
/// script's assembly is the only thing unloaded.
/// </summary>
internal sealed class ScriptLoadContext(string name) : AssemblyLoadContext(name, isCollectible: true)
{
    protected override Assembly? Load(AssemblyName assemblyName) => null;
}
