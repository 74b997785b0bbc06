using ScriptProxy.Abstractions.Wire;

namespace ScriptProxy.Abstractions.Stages;

/// <summary>A request and (after <see cref="StageNext"/>) its response, as one stage sees them.</summary>
public interface ICqlExchange
{
    ICqlRequest Request { get; }

    /// <summary>Null until the upstream (or a stage) answered.</summary>
    ICqlResponse? Response { get; }

    /// <summary>The client's address, e.g. "127.0.0.1:53122".</summary>
    string Client { get; }

    /// <summary>State shared between stages for this exchange only.</summary>
    IDictionary<string, object?> Items { get; }

    /// <summary>Cancelled when the stage's time budget runs out or the connection closes.</summary>
    CancellationToken Aborted { get; }

    /// <summary>Answers the request with an ERROR; the upstream is not called.</summary>
    void Respond(ErrorCode code, string message);

    /// <summary>Answers the request with RESULT Void (e.g. a swallowed write); the upstream is not called.</summary>
    void RespondVoid();

    /// <summary>Answers the request with rows; the upstream is not called.</summary>
    void RespondRows(IReadOnlyList<ResultColumn> columns, IEnumerable<IReadOnlyList<object?>> rows);
}
