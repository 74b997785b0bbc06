namespace ScriptProxy.Transforms.Privacy;

/// <summary>A request Protect refuses, or a value it cannot decrypt; the message is what the client sees.</summary>
internal sealed class ProtectException(string message) : Exception(message);
