using Microsoft.Extensions.Logging;

namespace ScriptProxy.Host.Operations;

/// <summary>The minimum log level, changeable at run time (PUT /log-level) without rebuilding the logger factory.</summary>
public sealed class LogLevelSwitch(LogLevel initial)
{
    private volatile int _level = (int)initial;

    public LogLevel Level
    {
        get => (LogLevel)_level;
        set => _level = (int)value;
    }

    public bool IsEnabled(LogLevel level) => level != LogLevel.None && (int)level >= _level;
}
