namespace ScriptProxy.Transforms.Mirroring;

/// <summary>Which cluster <see cref="DualWrite"/> reads from.</summary>
public enum DualWriteReads
{
    /// <summary>The pipeline's upstream (the cluster being migrated from).</summary>
    Origin,
    /// <summary>The new cluster.</summary>
    Target,
}
