using ScriptProxy.Abstractions.Messages;

namespace ScriptProxy.Abstractions.Stages;

/// <summary>
/// Optional capability of an <see cref="ICqlExchange"/>: whole-message access, for stages that change what the
/// driver sees beyond single values (result column types, PREPARED metadata, removed rows, BATCH children).
/// The built-in transforms that need it (Protect, PeersRewrite, KeyspaceRewrite of results) check for it and fail
/// with a clear error when the host does not offer it.
/// </summary>
public interface ICqlMessageExchange : ICqlExchange
{
    /// <summary>The request as a typed message, including changes earlier stages made.</summary>
    IRequest RequestMessage { get; }

    /// <summary>Replaces the request (copy-on-write; encoded on the request's version, stream and flags).</summary>
    void SetRequestMessage(IRequest message);

    /// <summary>The response as a typed message (null until there is one), including earlier stages' changes.</summary>
    IResponse? ResponseMessage { get; }

    /// <summary>
    /// Answers the request with <paramref name="message"/>. Before <c>next</c> the upstream is not called; after it,
    /// this replaces the upstream's response.
    /// </summary>
    void RespondMessage(IResponse message);
}
