namespace ScriptProxy.Node.Execution;

/// <summary>A bound value sent as "not set" (length -2): the column is left untouched.</summary>
internal sealed class UnsetValue
{
    public static UnsetValue Instance { get; } = new();

    private UnsetValue()
    {
    }

    public override string ToString() => "unset";
}
