using System.Text;

namespace TaskMaster.Core.Queue.Cache;

/// <summary>
/// Writes a parsed queue (everything but where its file is) in the cache's binary form. A string or
/// an object the model shares (the queue's defaults, given to every task that does not set its own)
/// is written once and referred to after, so that the model read back shares it too.
/// <see cref="QueueModelReader"/> reads it back in the same order: the two change together, with
/// <see cref="QueueCache.FormatVersion"/>.
/// </summary>
internal sealed class QueueModelWriter
{
    private readonly BinaryWriter _out;
    private readonly Dictionary<string, int> _strings = new(StringComparer.Ordinal);
    private readonly Dictionary<object, int> _shared = new(ReferenceEqualityComparer.Instance);

    private QueueModelWriter(BinaryWriter output) => _out = output;

    public static byte[] Encode(QueueDefinition queue)
    {
        using var buffer = new MemoryStream(1024 + queue.Tasks.Count * 48);
        Write(queue, buffer);
        return buffer.ToArray();
    }

    /// <summary>Writes the model to <paramref name="output"/> as it goes (a million tasks are ~50 MB), leaving it open.</summary>
    public static void Write(QueueDefinition queue, Stream output)
    {
        using var writer = new BinaryWriter(output, Encoding.UTF8, leaveOpen: true);
        new QueueModelWriter(writer).Queue(queue);
    }

    private void Queue(QueueDefinition queue)
    {
        String(queue.Name);
        String(queue.Description);
        NullableInt(queue.Concurrency);
        _out.Write7BitEncodedInt(queue.Phases.Count);
        foreach (var phase in queue.Phases)
        {
            String(phase.Name);
            String(phase.Description);
            _out.Write7BitEncodedInt(phase.Line);
        }
        _out.Write7BitEncodedInt(queue.Tasks.Count);
        foreach (var task in queue.Tasks) Task(task);
    }

    private void Task(TaskDefinition task)
    {
        String(task.Id);
        String(task.Title);
        String(task.Description);
        String(task.Phase);
        _out.Write7BitEncodedInt(task.Line);
        String(task.Command.Text);
        String(task.Command.Shell);
        _out.Write7BitEncodedInt(task.Command.Line);
        _out.Write(task.Command.IsScript);
        Shared(task.DependsOn, Strings);
        _out.Write7BitEncodedInt(task.Retries);
        _out.Write(task.RetryBackoff.Ticks);
        Shared(task.RetryOn, r =>
        {
            Ints(r.ExitCodes);
            _out.Write(r.Timeout);
            _out.Write(r.Signal);
        });
        NullableTime(task.Timeout);
        NullableTime(task.Estimate);
        Shared(task.Resources, r =>
        {
            _out.Write(r.Cpu);
            _out.Write(r.MemoryBytes);
        });
        Shared(task.Environment, environment =>
        {
            _out.Write7BitEncodedInt(environment.Count);
            foreach (var (key, value) in environment)
            {
                String(key);
                String(value);
            }
        });
        String(task.WorkingDirectory);
        Shared(task.Success, s =>
        {
            Ints(s.ExitCodes);
            Shared(s.FilesExist, Strings);
            Shared(s.StdoutContains, Strings);
        });
        _out.Write(task.CheckpointAfter);
        _out.Write(task.Critical);
        _out.Write(task.AlreadyDone);
    }

    /// <summary>0 for null, 1 and the text for a string not written before, else 2 + its number.</summary>
    private void String(string? value)
    {
        if (value is null)
        {
            _out.Write7BitEncodedInt(0);
            return;
        }
        if (_strings.TryGetValue(value, out var number))
        {
            _out.Write7BitEncodedInt(number + 2);
            return;
        }
        _strings[value] = _strings.Count;
        _out.Write7BitEncodedInt(1);
        _out.Write(value);
    }

    /// <summary>0 and the object for one not written before, else 1 + its number (numbered before its parts, as the reader numbers it).</summary>
    private void Shared<T>(T value, Action<T> write) where T : class
    {
        if (_shared.TryGetValue(value, out var number))
        {
            _out.Write7BitEncodedInt(number + 1);
            return;
        }
        _shared[value] = _shared.Count;
        _out.Write7BitEncodedInt(0);
        write(value);
    }

    private void Strings(IReadOnlyList<string> values)
    {
        _out.Write7BitEncodedInt(values.Count);
        foreach (var value in values) String(value);
    }

    private void Ints(IReadOnlySet<int> values)
    {
        _out.Write7BitEncodedInt(values.Count);
        foreach (var value in values) _out.Write(value);
    }

    private void NullableInt(int? value)
    {
        _out.Write(value.HasValue);
        if (value is { } v) _out.Write(v);
    }

    private void NullableTime(TimeSpan? value)
    {
        _out.Write(value.HasValue);
        if (value is { } v) _out.Write(v.Ticks);
    }
}
