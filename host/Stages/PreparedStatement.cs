using ScriptProxy.Abstractions.Messages;

namespace ScriptProxy.Host.Stages;

/// <summary>A prepared statement's text and bound-variable metadata, as seen in its PREPARE/PREPARED pair.</summary>
public sealed record PreparedStatement(string Query, PreparedMetadata Variables);
