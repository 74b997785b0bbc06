using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Abstractions.Stages;

namespace ScriptProxy.Transforms.Support;

/// <summary>Message-level access to an exchange, through <see cref="ICqlMessageExchange"/> when the host offers it.</summary>
internal static class ExchangeMessages
{
    /// <summary>The current request as a typed message (decoded from the frame when the host has no message access).</summary>
    public static IRequest Request(ICqlExchange exchange) =>
        exchange is ICqlMessageExchange m ? m.RequestMessage : MessageCodec.DecodeRequest(exchange.Request.Frame);

    /// <summary>The current response as a typed message, or null.</summary>
    public static IResponse? Response(ICqlExchange exchange) =>
        exchange is ICqlMessageExchange m ? m.ResponseMessage
        : exchange.Response is { } r ? MessageCodec.DecodeResponse(r.Frame) : null;

    /// <summary>The exchange's message-level interface; a clear error when the host does not offer it.</summary>
    /// <exception cref="NotSupportedException">The host's exchange does not implement <see cref="ICqlMessageExchange"/>.</exception>
    public static ICqlMessageExchange Require(ICqlExchange exchange, string stage) =>
        exchange as ICqlMessageExchange
        ?? throw new NotSupportedException($"{stage} needs message-level access (ICqlMessageExchange), which this host's exchange does not offer");
}
