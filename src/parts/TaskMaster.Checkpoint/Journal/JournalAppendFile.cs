using Microsoft.Win32.SafeHandles;
using TaskMaster.Checkpoint.Storage;

namespace TaskMaster.Checkpoint.Journal;

/// <summary>
/// The writing end of one journal file (the journal or its mirror). Appending to a file makes every
/// fsync commit the file system's own journal for the new size and blocks (ext4: ~230 µs here against
/// ~120 µs for data alone), and two files appended together cost two commits however their syncs are
/// issued. So the file reserves space ahead of its writes, <see cref="ReserveStep"/> at a time, and
/// is synced with fdatasync: a flush then writes data into space that already exists. The reserved
/// zeros are not records (<see cref="JournalSpace"/>); they are cut when the file is closed, and by the
/// next reopening after a crash.
/// </summary>
internal sealed class JournalAppendFile : IDisposable
{
    /// <summary>How much space is reserved past the records at a time.</summary>
    public const long ReserveStep = 1 << 20;

    private readonly FileStream _stream;
    private readonly SafeFileHandle _handle;
    private readonly Action<SafeFileHandle, string> _sync;
    private long _reserved;

    /// <param name="path">The file, for messages.</param>
    /// <param name="stream">The file, opened for writing; its first <paramref name="length"/> bytes are records, anything after is cut.</param>
    /// <param name="length">Where the next record goes.</param>
    /// <param name="sync">How a sync is made (tests watch it); <see cref="DataSync.Sync"/> by default.</param>
    public JournalAppendFile(string path, FileStream stream, long length, Action<SafeFileHandle, string>? sync = null)
    {
        Path = path;
        _stream = stream;
        _handle = stream.SafeFileHandle;
        _sync = sync ?? DataSync.Sync;
        Length = DurableLength = _reserved = length;
    }

    public string Path { get; }

    /// <summary>Bytes of records written.</summary>
    public long Length { get; private set; }

    /// <summary>Bytes of records known to be on disk: the point a failed write is cut back to.</summary>
    public long DurableLength { get; private set; }

    /// <summary>Writes <paramref name="bytes"/> after the records (to the page cache: <see cref="Sync"/> makes them durable).</summary>
    /// <exception cref="IOException">The disk refused (full, failing).</exception>
    public void Write(ReadOnlySpan<byte> bytes)
    {
        var end = Length + bytes.Length;
        // A refused reservation (a full disk, a file system without fallocate) leaves the write to grow the file as before.
        if (end > _reserved && DataSync.TryReserve(_handle, _reserved, end + ReserveStep - _reserved)) _reserved = end + ReserveStep;
        RandomAccess.Write(_handle, bytes, Length);
        Length = end;
        _reserved = Math.Max(_reserved, end);
    }

    /// <summary>Starts the write-back of what <see cref="Write"/> wrote since the last sync, without waiting for it.</summary>
    public void StartSync() => DataSync.StartWriteBack(_handle, DurableLength, Length - DurableLength);

    /// <summary>Waits until everything written is on disk.</summary>
    /// <exception cref="IOException">The disk refused.</exception>
    public void Sync() => _sync(_handle, Path);

    /// <summary>What was written is on disk (its sync returned, and whatever else had to hold did).</summary>
    public void Committed() => DurableLength = Length;

    /// <summary>Cuts the file back to its durable records (the reserved space too); false when the disk refuses even that.</summary>
    public bool TryCutToDurable()
    {
        try
        {
            RandomAccess.SetLength(_handle, DurableLength);
            Length = _reserved = DurableLength;
            return true;
        }
        catch (IOException)
        {
            // The reader cuts the torn tail when the file is next opened.
            return false;
        }
    }

    /// <summary>Closes the file without its reserved space.</summary>
    public void Dispose()
    {
        try
        {
            if (_reserved > Length) RandomAccess.SetLength(_handle, Length);
        }
        catch (IOException)
        {
            // The zeros left are read as reserved space, and cut by the next reopening.
        }
        _stream.Dispose();
    }
}
