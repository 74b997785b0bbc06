namespace ScriptProxy.Abstractions.Messages;

/// <summary>STATUS_CHANGE kinds: UP and DOWN.</summary>
public enum StatusChangeType
{
    Up,
    Down,
}
