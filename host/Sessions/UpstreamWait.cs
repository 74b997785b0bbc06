using ScriptProxy.Host.Stages;

namespace ScriptProxy.Host.Sessions;

/// <summary>An exchange whose request went upstream, waiting for the response with its stream id.</summary>
internal sealed class UpstreamWait(PipelineExchange exchange) : TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)
{
    public PipelineExchange Exchange { get; } = exchange;
}
