using System.IO.Pipelines;

namespace ScriptProxy.Node.Server;

/// <summary>A socket stream seen as an <see cref="IDuplexPipe"/>, so TCP and in-process connections share one code path.</summary>
internal sealed class StreamDuplexPipe(Stream stream) : IDuplexPipe
{
    public PipeReader Input { get; } = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024));

    public PipeWriter Output { get; } = PipeWriter.Create(stream);
}
