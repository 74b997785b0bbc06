namespace ScriptProxy.Abstractions.Messages;

/// <summary>BATCH &lt;type&gt; (spec 4.1.7).</summary>
public enum BatchType : byte
{
    Logged = 0,
    Unlogged = 1,
    Counter = 2,
}
