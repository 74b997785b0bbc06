namespace ScriptProxy.Host.Stages;

/// <summary>What happens to a request when its stage throws, overruns its budget, or is quarantined.</summary>
public enum FailurePolicy
{
    /// <summary>Continue as if the stage were absent (the request goes on to the rest of the chain).</summary>
    Open,
    /// <summary>Answer the request with ERROR ServerError (0x0000); the upstream is not called.</summary>
    Closed,
}
