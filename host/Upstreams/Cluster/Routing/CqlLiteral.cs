namespace ScriptProxy.Host.Upstreams.Cluster.Routing;

/// <summary>A constant in CQL text: a string ('it''s' unescaped), a number, a uuid, a boolean or a blob (0x...).</summary>
internal readonly record struct CqlLiteral(CqlLiteralKind Kind, string Text);

/// <summary>What a <see cref="CqlLiteral"/> looked like in the text.</summary>
internal enum CqlLiteralKind
{
    String,
    Number,
    Uuid,
    Boolean,
    Blob,
}
