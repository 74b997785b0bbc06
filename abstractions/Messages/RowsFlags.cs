namespace ScriptProxy.Abstractions.Messages;

/// <summary>&lt;flags&gt; of rows metadata (spec 4.2.5.2).</summary>
[Flags]
public enum RowsFlags
{
    None = 0,
    GlobalTablesSpec = 0x0001,
    HasMorePages = 0x0002,
    NoMetadata = 0x0004,
    /// <summary>v5 only: a new result metadata id follows.</summary>
    MetadataChanged = 0x0008,
}
