namespace ScriptProxy.Transforms.Support;

/// <summary>The <see cref="BuiltinContext.ClientsClosed"/> of a host that does not announce departures (tests, tools).</summary>
internal sealed class NoDepartures : IObservable<string>, IDisposable
{
    public static NoDepartures Instance { get; } = new();

    public IDisposable Subscribe(IObserver<string> observer) => this;

    public void Dispose()
    {
        // Nothing was subscribed.
    }
}
