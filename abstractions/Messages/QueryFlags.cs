namespace ScriptProxy.Abstractions.Messages;

/// <summary>
/// &lt;flags&gt; of &lt;query_parameters&gt; (spec 4.1.4) and BATCH (4.1.7). A [byte] in v3/v4, an [int] in v5;
/// <see cref="WithKeyspace"/> and <see cref="WithNowInSeconds"/> exist only in v5.
/// </summary>
[Flags]
public enum QueryFlags
{
    None = 0,
    Values = 0x0001,
    SkipMetadata = 0x0002,
    PageSize = 0x0004,
    WithPagingState = 0x0008,
    WithSerialConsistency = 0x0010,
    WithDefaultTimestamp = 0x0020,
    WithNamesForValues = 0x0040,
    WithKeyspace = 0x0080,
    WithNowInSeconds = 0x0100,
}
