namespace ScriptProxy.Host.Stages;

/// <summary>Where a stage's code comes from.</summary>
public enum StageKind
{
    /// <summary>A transform compiled into the proxy, chosen by name.</summary>
    Builtin,
    /// <summary>A C# script (<c>scripts/*.csx</c>) compiled with Roslyn into a collectible load context.</summary>
    CSharp,
    /// <summary>A JavaScript file (<c>scripts/*.js</c>) run by Jint.</summary>
    JavaScript,
    /// <summary>A plugin DLL (<c>plugins/Name/Name.dll</c>) loaded into an unloadable plugin context.</summary>
    Plugin,
}
