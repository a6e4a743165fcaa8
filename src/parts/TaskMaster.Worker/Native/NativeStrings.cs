using System.Runtime.InteropServices;
using System.Text;

namespace TaskMaster.Worker.Native;

/// <summary>
/// The C strings and NULL-terminated string arrays one <c>posix_spawn</c> call takes, in a single
/// native block freed on dispose.
/// </summary>
internal sealed unsafe class NativeStrings : IDisposable
{
    private readonly byte* _block;
    private readonly int _size;
    private int _used;

    /// <param name="strings">Every string that will be added, to size the block.</param>
    /// <param name="arrays">How many arrays will be added, and of how many strings in all.</param>
    public NativeStrings(IEnumerable<string> strings, int arrays, int arrayItems)
    {
        var bytes = 0;
        foreach (var text in strings)
        {
            // A NUL would silently cut the string: the process would run something else than written.
            if (text.Contains('\0', StringComparison.Ordinal))
                throw new ArgumentException($"'{Shorten(text)}' holds a NUL character, which a process cannot be given");
            bytes += Encoding.UTF8.GetByteCount(text) + 1;
        }
        // Each array may need up to a pointer's worth of padding to be aligned.
        _size = ((2 * arrays + arrayItems) * sizeof(byte*)) + bytes;
        _block = (byte*)NativeMemory.Alloc((nuint)_size);
    }

    /// <summary>A NUL-terminated copy of <paramref name="text"/>.</summary>
    public byte* Add(string text)
    {
        var length = Encoding.UTF8.GetByteCount(text);
        var start = Take(length + 1);
        Encoding.UTF8.GetBytes(text, new Span<byte>(start, length));
        start[length] = 0;
        return start;
    }

    /// <summary>A NULL-terminated array of copies of <paramref name="items"/>.</summary>
    public byte** AddArray(IReadOnlyList<string> items)
    {
        _used = (_used + sizeof(byte*) - 1) & ~(sizeof(byte*) - 1);
        var array = (byte**)Take((items.Count + 1) * sizeof(byte*));
        for (var i = 0; i < items.Count; i++) array[i] = Add(items[i]);
        array[items.Count] = null;
        return array;
    }

    public void Dispose() => NativeMemory.Free(_block);

    private byte* Take(int bytes)
    {
        if (_used + bytes > _size) throw new InvalidOperationException("more strings added than the block was sized for");
        var start = _block + _used;
        _used += bytes;
        return start;
    }

    private static string Shorten(string text) => text.Length <= 40 ? text.Replace('\0', '␀') : string.Concat(text.AsSpan(0, 40), "…").Replace('\0', '␀');
}
