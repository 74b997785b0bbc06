namespace ScriptProxy.Bench.Scenarios;

public enum ScenarioKind
{
    /// <summary>Straight to the standalone embedded node.</summary>
    Direct,
    /// <summary>Through a scriptproxy process.</summary>
    Proxy,
    /// <summary>Through HAProxy in TCP mode: the "no parsing" ceiling.</summary>
    Haproxy,
}
