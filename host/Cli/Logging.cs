using Microsoft.Extensions.Logging;
using ScriptProxy.Host.Operations;

namespace ScriptProxy.Host.Cli;

/// <summary>Console logging shared by the commands: one line per event, or JSON; level switchable at run time.</summary>
internal static class Logging
{
    public static ILoggerFactory Create(LogLevelSwitch level, string format = "text") => LoggerFactory.Create(builder =>
    {
        builder.SetMinimumLevel(LogLevel.Trace).AddFilter((_, l) => level.IsEnabled(l));
        if (format == "json")
        {
            builder.AddJsonConsole(o => o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ");
        }
        else
        {
            builder.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss.fff ";
            });
        }
    });
}
