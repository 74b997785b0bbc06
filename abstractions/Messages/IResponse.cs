namespace ScriptProxy.Abstractions.Messages;

/// <summary>A server-to-client message (spec section 4.2).</summary>
public interface IResponse : ICqlMessage;
