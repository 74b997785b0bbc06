using System.Net;

namespace ScriptProxy.Abstractions.Messages;

/// <summary>One entry of a v5 &lt;reasonmap&gt;: a replica's address ([inetaddr]) and its failure code ([short]).</summary>
public readonly record struct ReplicaFailure(IPAddress Endpoint, ushort FailureCode);
