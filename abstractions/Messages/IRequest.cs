namespace ScriptProxy.Abstractions.Messages;

/// <summary>A client-to-server message (spec section 4.1).</summary>
public interface IRequest : ICqlMessage;
