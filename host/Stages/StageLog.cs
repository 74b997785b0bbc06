using Microsoft.Extensions.Logging;

namespace ScriptProxy.Host.Stages;

/// <summary>Source-generated log messages of the stage runtime (no formatting cost when the level is off).</summary>
internal static partial class StageLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "Stage '{Stage}' threw; policy {Policy}; quarantined now: {Quarantined}")]
    public static partial void LogStageFault(this ILogger log, Exception exception, string stage, FailurePolicy policy, bool quarantined);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Stage '{Stage}' exceeded its {BudgetMs} ms budget; policy {Policy}; quarantined now: {Quarantined}")]
    public static partial void LogStageTimeout(this ILogger log, string stage, double budgetMs, FailurePolicy policy, bool quarantined);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Error, Message = "Stage '{Stage}' is stuck in a synchronous call past its {BudgetMs} ms budget; the request was answered ServerError and the call left running")]
    public static partial void LogStageStalled(this ILogger log, string stage, double budgetMs);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Information, Message = "Stage '{Stage}' built (version {Version}) in {Milliseconds} ms")]
    public static partial void LogStageBuilt(this ILogger log, string stage, int version, long milliseconds);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Error, Message = "Stage '{Stage}' did not build; {Kept}:\n{Diagnostics}")]
    public static partial void LogStageRejected(this ILogger log, string stage, string kept, string diagnostics);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Information, Message = "Pipeline version {Version} is live ({Count} stages)")]
    public static partial void LogPipelineSwapped(this ILogger log, long version, int count);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Information, Message = "{Stage}: {Message}")]
    public static partial void LogStageMessage(this ILogger log, string stage, string message);
}
