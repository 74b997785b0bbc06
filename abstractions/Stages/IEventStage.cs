using ScriptProxy.Abstractions.Messages;

namespace ScriptProxy.Abstractions.Stages;

/// <summary>
/// Optional capability of an <see cref="IStage"/>: it also sees the EVENT frames the upstream pushes on stream -1
/// (TOPOLOGY_CHANGE, STATUS_CHANGE, SCHEMA_CHANGE), which belong to no request and so never reach
/// <see cref="IStage.InvokeAsync"/>. Stages that present a different cluster to the driver (PeersRewrite) need it:
/// an event naming a real node must not reach a driver that should only know the proxies.
/// <para>Called on the connection's response path, which is the only writer to the client, so it must be quick and
/// synchronous (events are rare: no budget is charged). An exception is handled by the stage's failure policy:
/// <c>open</c> delivers the event as if the stage were absent, <c>closed</c> drops it.</para>
/// </summary>
public interface IEventStage
{
    /// <summary>
    /// The event to deliver instead of <paramref name="received"/>: the same instance to leave it unchanged, another one to
    /// replace it, or null to drop it.
    /// </summary>
    EventResponse? OnEvent(EventResponse received);
}
