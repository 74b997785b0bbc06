using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ScriptProxy.Transforms.Tests.Support;

/// <summary>Collects formatted log lines from every logger it creates.</summary>
public sealed class ListLogger : ILoggerFactory, ILogger
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public ILogger CreateLogger(string categoryName) => this;

    public void Dispose()
    {
    }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Lines.Enqueue($"{logLevel}: {formatter(state, exception)}");
}
