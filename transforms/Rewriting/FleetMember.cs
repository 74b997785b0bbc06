using System.Net;

namespace ScriptProxy.Transforms.Rewriting;

/// <summary>One proxy of the fleet as drivers see it: a node at <paramref name="Endpoint"/> with a host id and its share of the token ring.</summary>
/// <param name="Endpoint">The client-facing address drivers connect to.</param>
/// <param name="HostId">Derived from the address alone, so every proxy computes the same id for it.</param>
/// <param name="Tokens">Murmur3 tokens as text (what system.local/peers hold in <c>tokens set&lt;text&gt;</c>), ordinal order.</param>
public sealed record FleetMember(IPEndPoint Endpoint, Guid HostId, IReadOnlyList<string> Tokens);
