namespace ScriptProxy.Host.Operations;

/// <summary>One condition of /health/ready; all must hold.</summary>
public interface IReadinessCheck
{
    string Name { get; }

    /// <summary>Null when ready, else why not.</summary>
    ValueTask<string?> CheckAsync(CancellationToken cancellationToken);
}
