namespace ScriptProxy.Host.Stages;

/// <summary>A stage's health as the admin API reports it.</summary>
public enum StageState
{
    /// <summary>Running its live version.</summary>
    Active,
    /// <summary>Too many faults within the window: bypassed (fail-open) or answering errors (fail-closed) until its file changes.</summary>
    Quarantined,
    /// <summary>Its file does not compile and there is no earlier version to keep running; requests follow the failure policy.</summary>
    FailedCompile,
    /// <summary>Disabled by an operator (admin API): left out of the chain.</summary>
    Disabled,
}
