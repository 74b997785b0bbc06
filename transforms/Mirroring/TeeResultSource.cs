namespace ScriptProxy.Transforms.Mirroring;

/// <summary>Whose answer <see cref="Tee"/> returns to the client.</summary>
public enum TeeResultSource
{
    /// <summary>The pipeline's own upstream.</summary>
    Primary,
    /// <summary>The teed cluster.</summary>
    Secondary,
}
