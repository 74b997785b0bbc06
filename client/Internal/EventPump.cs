using System.Threading.Channels;
using ScriptProxy.Abstractions.Messages;

namespace ScriptProxy.Client.Internal;

/// <summary>
/// Hands EVENTs from the read loop to the subscriber on a task of its own: the read loop only enqueues, so a slow
/// subscriber delays other events but never responses, and a throwing one loses only that call.
/// </summary>
internal sealed class EventPump
{
    private readonly Channel<EventResponse> _queue = Channel.CreateUnbounded<EventResponse>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly Action<EventResponse> _subscriber;
    private readonly Task _run;
    private long _subscriberErrors;

    public EventPump(Action<EventResponse> subscriber)
    {
        _subscriber = subscriber;
        _run = Task.Run(RunAsync);
    }

    /// <summary>Calls to the subscriber that threw (each swallowed).</summary>
    public long SubscriberErrors => Interlocked.Read(ref _subscriberErrors);

    /// <summary>Called on the read loop; never blocks.</summary>
    public void Post(EventResponse e) => _queue.Writer.TryWrite(e);

    /// <summary>No more events: the subscriber gets the ones queued, then the pump ends.</summary>
    public Task CompleteAsync()
    {
        _queue.Writer.TryComplete();
        return _run;
    }

    private async Task RunAsync()
    {
        await foreach (var e in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                _subscriber(e);
            }
#pragma warning disable CA1031 // A subscriber's failure must not end event delivery or the connection.
            catch (Exception)
#pragma warning restore CA1031
            {
                Interlocked.Increment(ref _subscriberErrors);
            }
        }
    }
}
