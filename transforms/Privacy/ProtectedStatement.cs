namespace ScriptProxy.Transforms.Privacy;

/// <summary>What Protect learnt from a PREPARE: which bind markers write protected columns, which result columns are protected.</summary>
internal sealed record ProtectedStatement(IReadOnlyDictionary<int, ProtectedColumn> Markers, IReadOnlyDictionary<int, ProtectedColumn> ResultColumns)
{
    /// <summary>A statement that touches no protected column (remembered so its EXECUTEs pass straight through).</summary>
    public static ProtectedStatement None { get; } = new(new Dictionary<int, ProtectedColumn>(), new Dictionary<int, ProtectedColumn>());

    public bool IsNone => Markers.Count == 0 && ResultColumns.Count == 0;
}
