using System.Buffers;

namespace ScriptProxy.Abstractions.Buffers;

/// <summary>
/// An owned, pooled byte buffer. Exactly one owner disposes it, which returns the array to the pool
/// exactly once (a second Dispose is a no-op, never a double return). Views handed to stages borrow
/// <see cref="Memory"/> and must not keep it past the exchange that lent it.
/// </summary>
public sealed class BufferLease : IDisposable
{
    private byte[]? _array;
    private readonly int _length;

    private BufferLease(byte[] array, int length)
    {
        _array = array;
        _length = length;
    }

    /// <summary>Rents a buffer of exactly <paramref name="length"/> usable bytes.</summary>
    public static BufferLease Rent(int length) => new(ArrayPool<byte>.Shared.Rent(Math.Max(length, 1)), length);

    /// <summary>Rents a buffer and copies <paramref name="source"/> into it.</summary>
    public static BufferLease CopyOf(ReadOnlySequence<byte> source)
    {
        var lease = Rent(checked((int)source.Length));
        source.CopyTo(lease.Span);
        return lease;
    }

    /// <summary>Rents a buffer and copies <paramref name="source"/> into it.</summary>
    public static BufferLease CopyOf(ReadOnlySpan<byte> source)
    {
        var lease = Rent(source.Length);
        source.CopyTo(lease.Span);
        return lease;
    }

    public int Length => _length;

    public bool IsDisposed => Volatile.Read(ref _array) is null;

    public Memory<byte> Memory => new(_array ?? throw new ObjectDisposedException(nameof(BufferLease)), 0, _length);

    public Span<byte> Span => new(_array ?? throw new ObjectDisposedException(nameof(BufferLease)), 0, _length);

    public void Dispose()
    {
        var array = Interlocked.Exchange(ref _array, null);
        if (array is not null) ArrayPool<byte>.Shared.Return(array);
    }
}
