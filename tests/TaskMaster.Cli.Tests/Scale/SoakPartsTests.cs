using TaskMaster.Benchmarks.Soak;
using TaskMaster.Cli.Tests.Support;
using TaskMaster.Core.Queue;

namespace TaskMaster.Cli.Tests.Scale;

/// <summary>The soak benchmark's options and queue, without running it.</summary>
public sealed class SoakPartsTests : IDisposable
{
    private readonly QueueWorkspace _workspace = new("");

    [Fact]
    public void Parse_NoOptions_AWeekOfAMillionTasks()
    {
        var (options, error) = SoakOptions.Parse([]);

        Assert.Null(error);
        Assert.Equal(SoakOptions.Default, options);
        Assert.Equal((1_000_000, 7, 0.1, 10), (options!.Tasks, options.Days, options.FailTransient, options.FailPermanent));
    }

    [Fact]
    public void Parse_EveryOption_Read()
    {
        var (options, _) = SoakOptions.Parse(["--tasks", "20k", "--days", "2", "--fail-transient", "0.25", "--fail-permanent", "3",
            "--checkpoint-every", "500ms", "--concurrency", "4", "--json"]);

        Assert.Equal(new SoakOptions(20_000, 2, 0.25, 3, TimeSpan.FromMilliseconds(500), 4, Json: true), options);
    }

    [Theory]
    [InlineData("--tasks", "lots", "--tasks 'lots' is not valid; expected a size of at least 1 such as 20k or 1m")]
    [InlineData("--fail-transient", "1.5", "--fail-transient '1.5' is not valid; expected a share from 0 to 1 such as 0.1")]
    [InlineData("--checkpoint-every", "0s", "--checkpoint-every '0s' is not valid; expected a duration above 0 such as 500ms, 5s or 1m")]
    [InlineData("--days", "-1", "--days '-1' is not valid; expected a whole number of at least 1")]
    public void Parse_BadValue_NamesTheOptionWhatItGotAndWhatItExpects(string name, string value, string message)
    {
        var (options, error) = SoakOptions.Parse([name, value]);

        Assert.Null(options);
        Assert.Equal("soak: " + message, error);
    }

    [Fact]
    public void Parse_UnknownOptionOrMissingValue_Refused()
    {
        Assert.StartsWith("soak: unknown option '--task'; expected --tasks,", SoakOptions.Parse(["--task", "5"]).Error, StringComparison.Ordinal);
        Assert.Equal("soak: --days needs a value", SoakOptions.Parse(["--days"]).Error);
    }

    [Fact]
    public void Parse_MoreFailingTasksThanTasks_Refused()
    {
        var (_, error) = SoakOptions.Parse(["--tasks", "100", "--fail-transient", "0.95", "--fail-permanent", "6"]);

        Assert.Equal("soak: --fail-permanent 6 and --fail-transient 0.95 together ask for more failing tasks than --tasks 100", error);
    }

    [Fact]
    public void Write_TenthFailOnceAFewForGood_SpreadOverTheQueueAndParsedAsTheCliParsesThem()
    {
        var options = SoakOptions.Default with { Tasks = 10_000, FailPermanent = 7 };
        new SoakQueue(options).Write(_workspace.QueueFile);

        var parsed = QueueParser.ParseFile(_workspace.QueueFile);

        Assert.True(parsed.Queue is not null, string.Join('\n', parsed.Errors));
        var tasks = parsed.Queue.Tasks;
        Assert.Equal(10_000, tasks.Count);
        var once = tasks.Where(t => t.Command.Text.Contains("exit 75", StringComparison.Ordinal)).ToList();
        var forGood = tasks.Where(t => t.Command.Text == "exit 3").ToList();
        Assert.Equal(1_000, once.Count);
        Assert.Equal(7, forGood.Count);
        Assert.All(once, t => Assert.Equal(2, t.Retries));
        Assert.Equal(10_000 - 1_007, tasks.Count(t => t.Command.Text == "true"));
        // Every tenth of the queue (a simulated day of a ten-day soak) has its share of the failures.
        Assert.All(Enumerable.Range(0, 10), k => Assert.Equal(100, once.Count(t => Index(t) / 1_000 == k)));
    }

    private static int Index(TaskDefinition task) => int.Parse(task.Id[1..], System.Globalization.CultureInfo.InvariantCulture);

    public void Dispose() => _workspace.Dispose();
}
