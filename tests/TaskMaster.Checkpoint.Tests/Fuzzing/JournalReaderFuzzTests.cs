using System.Text;
using TaskMaster.Checkpoint.Journal;
using TaskMaster.Checkpoint.Tests.Journal;
using TaskMaster.Core.Tests.Events;
using TaskMaster.Core.Tests.Fuzzing;
using static TaskMaster.Core.Tests.Fuzzing.FuzzLoop;

namespace TaskMaster.Checkpoint.Tests.Fuzzing;

/// <summary>
/// The journal reader over mutated journals for a fixed budget (<see cref="FuzzLoop"/>): each input is
/// read alone, again with every line's checksum made good (so that the event decoder behind the
/// checksum is reached), and with that second copy as its mirror. Every read gives the events in
/// sequence order and either no damage (a torn tail at most) or damage it reports: never an exception.
/// </summary>
public sealed class JournalReaderFuzzTests : IDisposable
{
    private readonly JournalFile _file = new();

    [Theory, MemberData(nameof(Seeds), MemberType = typeof(FuzzLoop))]
    public async Task Read_MutatedJournalsAloneResealedAndMirrored_GiveEventsInOrderOrReportedDamage(int seed)
    {
        var corpus = await CorpusAsync();

        var report = Run("journal-reader", seed, corpus, Check, FileTargetInputs);

        AssertSearched(report, corpus.Count, "whole and damaged journals");
    }

    private Verdict Check(byte[] input)
    {
        var resealed = Resealed(input);
        Directory.CreateDirectory(Path.GetDirectoryName(_file.MirrorPath)!);
        File.Delete(_file.MirrorPath);
        File.WriteAllBytes(_file.Path, input);
        Judge(JournalReader.Read(_file.Path));
        File.WriteAllBytes(_file.Path, resealed);
        var verdict = Judge(JournalReader.Read(_file.Path));
        File.WriteAllBytes(_file.Path, input);
        File.WriteAllBytes(_file.MirrorPath, resealed);
        Judge(JournalReader.Read(_file.Files));
        return verdict;
    }

    private static Verdict Judge(JournalReadResult read)
    {
        Assert.Equal(Enumerable.Range(1, read.Events.Count).Select(i => (long)i), read.Events.Select(e => e.Sequence));
        Assert.Equal(read.Events.Count, read.LastSequence);
        if (read.Damage is null) return Verdict.Accepted;
        Assert.False(string.IsNullOrWhiteSpace(read.Damage.Describe()));
        return Verdict.Refused;
    }

    /// <summary>Every line with its checksum made good for what it now holds, as a writer of that text would have written it.</summary>
    private static byte[] Resealed(byte[] journal)
    {
        var lines = JournalFile.LinesOf(journal).Select(line =>
        {
            var text = Encoding.UTF8.GetString(line).TrimEnd('\n');
            var json = text.Length > 9 && text[8] == ' ' ? text[9..] : text;
            return JournalFile.ChecksummedLine(json);
        });
        return [.. lines.SelectMany(l => l)];
    }

    /// <summary>Journals as a run writes them: every kind of event, a run's progress, and one written before checkpoints had locations.</summary>
    private async Task<List<byte[]>> CorpusAsync()
    {
        await _file.WriteAsync(SampleEvents.All());
        var everyEvent = _file.Bytes();
        File.Delete(_file.Path);
        await _file.WriteAsync(JournalFile.Progress(8));
        var progress = _file.Bytes();
        var old = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "BeforeLocations", "journal.jsonl"));
        return [everyEvent, progress, old];
    }

    public void Dispose() => _file.Dispose();
}
