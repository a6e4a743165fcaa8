using TaskMaster.Checkpoint.Journal;
using TaskMaster.Core.Events;
using TaskMaster.Core.Tests.Events;

namespace TaskMaster.Checkpoint.Tests.Journal;

/// <summary>
/// The reader's verdict on damage at every byte of a line: a torn tail is cut quietly, a damaged record
/// followed by valid ones is corruption (or repaired from the mirror), whatever the byte.
/// </summary>
public sealed class JournalReaderDamageTests : IDisposable
{
    private const int Events = 6;
    private const int Middle = 2; // the third line, event 3

    private readonly JournalFile _file = new();

    [Fact]
    public async Task Read_BitFlippedAtEveryByteOfAMiddleLine_IsCorruptionAtThatLine()
    {
        await _file.WriteAsync(JournalFile.Progress(Events));
        var lines = _file.Lines();

        foreach (var offset in Enumerable.Range(0, lines[Middle].Length))
        {
            _file.Rewrite(JournalFile.Flipped(lines, Middle, offset));

            var read = JournalReader.Read(_file.Path);

            var damage = read.Damage ?? throw new Xunit.Sdk.XunitException($"byte {offset}: no corruption reported ({read.Problem})");
            Assert.Equal((Middle + 1, Middle + 1L, (long)lines[..Middle].Sum(l => l.Length)), (damage.Line, damage.Sequence, damage.Offset));
            Assert.False(read.TornTail);
            Assert.Equal([1L, 2], read.Events.Select(e => e.Sequence));
            // Flipping the newline joins the line to the next one: that event is lost inside the damage.
            Assert.Equal(offset == lines[Middle].Length - 1 ? [5L, 6] : [4L, 5, 6], damage.Following.Select(e => e.Sequence));
        }
    }

    [Fact]
    public async Task Read_BitFlippedAtEveryByteOfTheLastLine_IsATornTail()
    {
        await _file.WriteAsync(JournalFile.Progress(Events));
        var lines = _file.Lines();

        foreach (var offset in Enumerable.Range(0, lines[^1].Length))
        {
            _file.Rewrite(JournalFile.Flipped(lines, Events - 1, offset));

            var read = JournalReader.Read(_file.Path);

            Assert.True(read.Damage is null && read.TornTail, $"byte {offset}: {read.Damage?.Describe() ?? read.Problem}");
            Assert.Equal(Events - 1, read.LastSequence);
            Assert.Equal(lines[..^1].Sum(l => l.Length), read.GoodLength);
        }
    }

    [Fact]
    public async Task Read_CutShortAtEveryByte_IsATornTailKeepingTheWholeLinesBefore()
    {
        await _file.WriteAsync(JournalFile.Progress(3));
        var bytes = _file.Bytes();
        var ends = _file.Lines().Select((_, i) => _file.Lines().Take(i + 1).Sum(l => l.Length)).ToArray();

        foreach (var length in Enumerable.Range(0, bytes.Length))
        {
            File.WriteAllBytes(_file.Path, bytes[..length]);

            var read = JournalReader.Read(_file.Path);

            var whole = ends.Count(end => end <= length);
            Assert.True(read.Damage is null, $"length {length}: {read.Damage?.Describe()}");
            Assert.Equal(whole, read.LastSequence);
            Assert.Equal(ends.Contains(length) || length == 0 ? null : "unfinished last line", read.Problem);
        }
    }

    [Fact]
    public async Task Read_BitFlippedAtEveryByteOfAMiddleLineWithAGoodMirror_RepairsItFromTheMirror()
    {
        await _file.WriteMirroredAsync(JournalFile.Progress(Events));
        var lines = _file.Lines();
        var whole = JournalReader.Read(_file.Path).Events.Select(RunEventJson.Serialize).ToList();

        foreach (var offset in Enumerable.Range(0, lines[Middle].Length))
        {
            _file.Rewrite(JournalFile.Flipped(lines, Middle, offset));

            var read = JournalReader.Read(_file.Files);

            Assert.True(read.Damage is null, $"byte {offset}: {read.Damage?.Describe()}");
            Assert.Equal(whole, read.Events.Select(RunEventJson.Serialize));
            Assert.Equal(Middle + 1L, read.Repairs[0].Sequence);
            Assert.Equal(Middle + 1, read.Repairs[0].Line);
            Assert.Equal(_file.MirrorBytes(), read.Content.ToArray());
        }
    }

    [Fact]
    public async Task Read_SameEventDamagedInTheMirrorToo_IsCorruptionSayingSo()
    {
        await _file.WriteMirroredAsync(JournalFile.Progress(Events));
        _file.Rewrite(JournalFile.Flipped(_file.Lines(), Middle, 30));
        _file.RewriteMirror(JournalFile.Flipped(_file.MirrorLines(), Middle, 31));

        var damage = JournalReader.Read(_file.Files).Damage;

        Assert.NotNull(damage);
        Assert.Contains("its mirror's copy of event 3", damage.Mirror, StringComparison.Ordinal);
        Assert.Contains("is damaged too", damage.Mirror, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_DifferentEventsDamagedInEachFile_RepairsEachFromTheOther()
    {
        await _file.WriteMirroredAsync(JournalFile.Progress(Events));
        _file.Rewrite(JournalFile.Flipped(_file.Lines(), 1, 30));
        _file.RewriteMirror(JournalFile.Flipped(_file.MirrorLines(), 4, 30));

        var read = JournalReader.Read(_file.Files);

        Assert.Null(read.Damage);
        Assert.Equal(Enumerable.Range(1, Events).Select(i => (long)i), read.Events.Select(e => e.Sequence));
        Assert.Equal([2L], read.Repairs.Select(r => r.Sequence));
    }

    [Fact]
    public async Task Read_JournalCutAtALineButTheMirrorWhole_TakesTheRestFromTheMirror()
    {
        await _file.WriteMirroredAsync(JournalFile.Progress(Events));
        _file.Rewrite(_file.Lines()[..3]);

        var read = JournalReader.Read(_file.Files);

        Assert.Equal(Events, read.LastSequence);
        Assert.Equal([4L, 5, 6], read.Repairs.Select(r => r.Sequence));
        Assert.Contains("missing", read.Repairs[0].Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_NoMirrorFile_SaysSoInTheDamage()
    {
        await _file.WriteAsync(JournalFile.Progress(Events));
        _file.Rewrite(JournalFile.Flipped(_file.Lines(), Middle, 30));

        var damage = JournalReader.Read(_file.Files).Damage;

        Assert.Equal($"its mirror {_file.MirrorPath} does not exist", damage?.Mirror);
    }

    [Fact]
    public async Task Read_MirrorEndsBeforeTheDamage_SaysWhereItEnds()
    {
        await _file.WriteMirroredAsync(JournalFile.Progress(Events));
        _file.Rewrite(JournalFile.Flipped(_file.Lines(), 3, 30));
        _file.RewriteMirror(_file.MirrorLines()[..2]);

        var damage = JournalReader.Read(_file.Files).Damage;

        Assert.Equal(4, damage?.Sequence);
        Assert.Contains("ends at event 2", damage?.Mirror, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_DamagedValue_ReadsUnverifiedAsTheEventItWas()
    {
        await _file.WriteAsync(
            new TaskSucceeded(SampleEvents.T, "a", 1, 0, TimeSpan.FromSeconds(1)),
            new TaskSucceeded(SampleEvents.T, "b", 1, 0, TimeSpan.FromSeconds(1)),
            new TaskSucceeded(SampleEvents.T, "c", 1, 0, TimeSpan.FromSeconds(1)));
        var lines = _file.Lines();
        var text = System.Text.Encoding.UTF8.GetString(lines[1]);
        _file.Rewrite(JournalFile.Flipped(lines, 1, text.IndexOf("\"exitCode\":0", StringComparison.Ordinal) + "\"exitCode\":".Length));

        var damage = JournalReader.Read(_file.Path).Damage;

        Assert.Equal("b", Assert.IsType<TaskSucceeded>(damage?.Unverified).TaskId);
        Assert.Contains("it reads, unverified, as TaskSucceeded of b", damage!.Describe(), StringComparison.Ordinal);
        Assert.Equal("c", Assert.IsType<TaskSucceeded>(Assert.Single(damage.Following)).TaskId);
    }

    [Fact]
    public async Task ReadAppended_DamageInWhatWasAppended_GetsTheSameVerdictAsAWholeRead()
    {
        await _file.WriteAsync(JournalFile.Progress(Events));
        var lines = _file.Lines();
        var earlier = JournalReader.Read(_file.Path, throughSequence: 2);
        _file.Rewrite(JournalFile.Flipped(lines, 3, 30));

        var appended = JournalReader.ReadAppended(_file.Files, earlier.GoodLength, earlier.LastSequence);

        Assert.Equal(JournalReader.Read(_file.Files).Damage?.Describe(), appended.Damage?.Describe());
        Assert.Equal([3L], appended.Events.Select(e => e.Sequence));
    }

    [Fact]
    public async Task ReadAppended_DamageRepairableFromTheMirror_ReturnsEveryEvent()
    {
        await _file.WriteMirroredAsync(JournalFile.Progress(Events));
        var earlier = JournalReader.Read(_file.Path, throughSequence: 2);
        _file.Rewrite(JournalFile.Flipped(_file.Lines(), 3, 30));

        var appended = JournalReader.ReadAppended(_file.Files, earlier.GoodLength, earlier.LastSequence);

        Assert.Null(appended.Damage);
        Assert.Equal([3L, 4, 5, 6], appended.Events.Select(e => e.Sequence));
        Assert.Equal(new FileInfo(_file.Path).Length, appended.GoodLength);
    }

    public void Dispose() => _file.Dispose();
}
