using System.Text;

namespace TaskMaster.Core.Queue.Cache;

/// <summary>
/// Reads back what <see cref="QueueModelWriter"/> wrote, in the same order, sharing what it shared.
/// Only ever given bytes whose checksum was verified, so a failure here is a bug or another format,
/// and the caller parses the file instead.
/// </summary>
internal sealed class QueueModelReader
{
    private readonly BinaryReader _in;
    private readonly List<string> _strings = [];
    private readonly List<object> _shared = [];

    private QueueModelReader(BinaryReader input) => _in = input;

    /// <exception cref="InvalidDataException">The bytes are not a whole model.</exception>
    public static QueueDefinition Decode(byte[] payload, string sourcePath, string contentHash) =>
        Decode(payload, 0, payload.Length, sourcePath, contentHash);

    /// <summary>The model in <paramref name="count"/> bytes of <paramref name="buffer"/> from <paramref name="offset"/>: read in place, not copied out.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a whole model.</exception>
    public static QueueDefinition Decode(byte[] buffer, int offset, int count, string sourcePath, string contentHash)
    {
        using var input = new BinaryReader(new MemoryStream(buffer, offset, count, writable: false), Encoding.UTF8);
        try
        {
            var queue = new QueueModelReader(input).Queue(sourcePath, contentHash);
            if (input.BaseStream.Position != count) throw new InvalidDataException("bytes left after the model");
            return queue;
        }
        catch (Exception e) when (e is EndOfStreamException or ArgumentOutOfRangeException or FormatException or IOException)
        {
            throw new InvalidDataException($"not a queue model: {e.Message}", e);
        }
    }

    private QueueDefinition Queue(string sourcePath, string contentHash)
    {
        var name = String()!;
        var description = String()!;
        var concurrency = _in.ReadBoolean() ? _in.ReadInt32() : (int?)null;
        var phases = new PhaseDefinition[Count()];
        for (var i = 0; i < phases.Length; i++) phases[i] = new PhaseDefinition(String()!, String()!, _in.Read7BitEncodedInt());
        var tasks = new TaskDefinition[Count()];
        for (var i = 0; i < tasks.Length; i++) tasks[i] = Task();
        return new QueueDefinition(name, description, sourcePath, concurrency, phases, tasks, contentHash);
    }

    private TaskDefinition Task() => new()
    {
        Id = String()!,
        Title = String()!,
        Description = String()!,
        Phase = String(),
        Line = _in.Read7BitEncodedInt(),
        Command = new TaskCommand(String()!, String()!, _in.Read7BitEncodedInt(), _in.ReadBoolean()),
        DependsOn = Shared(Strings),
        Retries = _in.Read7BitEncodedInt(),
        RetryBackoff = TimeSpan.FromTicks(_in.ReadInt64()),
        RetryOn = Shared(() => new RetryOn(Ints(), Timeout: _in.ReadBoolean(), Signal: _in.ReadBoolean())),
        Timeout = NullableTime(),
        Estimate = NullableTime(),
        Resources = Shared(() => new ResourceRequest(_in.ReadDouble(), _in.ReadInt64())),
        Environment = Shared(Variables),
        WorkingDirectory = String(),
        Success = Shared(() => new SuccessCriteria(Ints(), Shared(Strings), Shared(Strings))),
        CheckpointAfter = _in.ReadBoolean(),
        Critical = _in.ReadBoolean(),
        AlreadyDone = _in.ReadBoolean(),
    };

    private string? String()
    {
        var marker = _in.Read7BitEncodedInt();
        if (marker == 0) return null;
        if (marker > 1) return _strings[marker - 2];
        var value = _in.ReadString();
        _strings.Add(value);
        return value;
    }

    private T Shared<T>(Func<T> read) where T : class
    {
        var marker = _in.Read7BitEncodedInt();
        if (marker > 0) return (T)_shared[marker - 1];
        var number = _shared.Count;
        _shared.Add(null!);
        var value = read();
        _shared[number] = value;
        return value;
    }

    private string[] Strings()
    {
        var values = new string[Count()];
        for (var i = 0; i < values.Length; i++) values[i] = String()!;
        return values;
    }

    private HashSet<int> Ints()
    {
        var count = Count();
        var values = new HashSet<int>(count);
        for (var i = 0; i < count; i++) values.Add(_in.ReadInt32());
        return values;
    }

    private KeyValuePair<string, string>[] Variables()
    {
        var values = new KeyValuePair<string, string>[Count()];
        for (var i = 0; i < values.Length; i++) values[i] = new KeyValuePair<string, string>(String()!, String()!);
        return values;
    }

    private TimeSpan? NullableTime() => _in.ReadBoolean() ? TimeSpan.FromTicks(_in.ReadInt64()) : null;

    private int Count()
    {
        var count = _in.Read7BitEncodedInt();
        return count >= 0 && count <= _in.BaseStream.Length - _in.BaseStream.Position ? count : throw new InvalidDataException($"a count of {count} past the end");
    }
}
