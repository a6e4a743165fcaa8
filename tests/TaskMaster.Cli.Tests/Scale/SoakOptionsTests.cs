using TaskMaster.Benchmarks.Soak;

namespace TaskMaster.Cli.Tests.Scale;

/// <summary>The soak benchmark's options, as its command line reads them.</summary>
public sealed class SoakOptionsTests
{
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

}
