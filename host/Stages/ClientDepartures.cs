using System.Reactive.Subjects;

namespace ScriptProxy.Host.Stages;

/// <summary>
/// Announces client connections that closed (by the name stages see as <c>ICqlExchange.Client</c>), so built-in
/// stages holding per-client resources (Tee and DualWrite keep one secondary-cluster connection per client) can
/// release them when the client leaves instead of when the stage is replaced. One per <see cref="StageHost"/>.
/// Observers run on the closing session's thread and must not block.
/// </summary>
public sealed class ClientDepartures : IObservable<string>
{
    private readonly Subject<string> _departed = new();

    public void Depart(string client) => _departed.OnNext(client);

    public IDisposable Subscribe(IObserver<string> observer) => _departed.Subscribe(observer);
}
