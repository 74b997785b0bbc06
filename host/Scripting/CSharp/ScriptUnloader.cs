namespace ScriptProxy.Host.Scripting.CSharp;

/// <summary>Owner of a compiled script's load context: unloads it when the last snapshot using it is released.</summary>
internal sealed class ScriptUnloader(ScriptLoadContext context) : IDisposable
{
    private ScriptLoadContext? _context = context;

    /// <summary>Lets tests and the admin API check that the context was really collected.</summary>
    public WeakReference Context { get; } = new(context);

    public void Dispose() => Interlocked.Exchange(ref _context, null)?.Unload();
}
