namespace ScriptProxy.Client;

/// <summary>The connection closed (by either side, or because the server sent bytes that cannot be framed) with the request still pending.</summary>
public sealed class CqlConnectionClosedException : IOException
{
    public CqlConnectionClosedException()
        : base("The CQL connection is closed")
    {
    }

    public CqlConnectionClosedException(string message)
        : base(message)
    {
    }

    public CqlConnectionClosedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
