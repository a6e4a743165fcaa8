using System.CommandLine;
using TaskMaster.Cli.Parsing;

namespace TaskMaster.Cli.Tests.Parsing;

/// <summary>What the guard gives options and commands declared the library's way, as others will add them.</summary>
public sealed class CommandLineGuardTests
{
    [Fact]
    public async Task Apply_ValidatorReadsAValueThatFailedToParse_RefusedInsteadOfThrowing()
    {
        var count = new Option<int>("--count");
        count.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 1) r.AddError("--count must be at least 1.");
        });
        var command = new Command("tally") { count };
        command.Validators.Add(r => _ = r.GetValue(count));
        command.SetAction(_ => 0);

        var (code, _, error) = await RunAsync(new RootCommand { command }, "tally", "--count", "abc");

        Assert.Equal(2, code);
        Assert.Equal("--count: 'abc' is not a whole number from -2147483648 to 2147483647.", FirstLine(error));
    }

    [Theory]
    [InlineData("--format", "xml", "--format: 'xml' is not one of table or json.")]
    [InlineData("--ratio", "abc", "--ratio: 'abc' is not a number from")]
    [InlineData("--name", "", "--name: the value is empty")]
    [InlineData("--flag", "maybe", "--flag takes no value: 'maybe' is left over")]
    public async Task Apply_OptionDeclaredWithoutARule_RefusesBadValuesOfItsType(string option, string value, string expected)
    {
        var command = new Command("go")
        {
            new Option<Shape>("--format"), new Option<double?>("--ratio"), new Option<string>("--name"), new Option<bool>("--flag"),
        };
        command.SetAction(_ => 0);

        var (code, output, error) = await RunAsync(new RootCommand { command }, "go", option, value);

        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.StartsWith(expected, FirstLine(error), StringComparison.Ordinal);
        Assert.EndsWith("Run 'task-master go --help' for its options.", error.Trim(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("abc", "<count>: 'abc' is not a whole number from")]
    [InlineData("", "<count>: the value is empty")]
    public async Task Apply_ArgumentDeclaredWithoutARule_RefusesBadValuesOfItsType(string value, string expected)
    {
        var command = new Command("repeat") { new Argument<int>("count") };
        command.SetAction(_ => 0);

        var (code, _, error) = await RunAsync(new RootCommand { command }, "repeat", value);

        Assert.Equal(2, code);
        Assert.StartsWith(expected, FirstLine(error), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_ActionThrows_OneLineNamingTheCommandAndExitCode3()
    {
        var command = new Command("explode");
        command.SetAction(int (_) => throw new IOException("Disk quota exceeded : '/data/out.html'\n   at Somewhere.Deep()"));

        var (code, output, error) = await RunAsync(new RootCommand { command }, "explode");

        Assert.Equal(3, code);
        Assert.Empty(output);
        Assert.Equal("task-master explode: could not finish: Disk quota exceeded : '/data/out.html'", error.Trim());
    }

    [Fact]
    public async Task Apply_AsyncActionThrows_CaughtAsWell()
    {
        var command = new Command("later");
        command.SetAction(async (_, cancellationToken) =>
        {
            await Task.Yield();
            throw new InvalidOperationException("the sky fell");
        });

        var (code, _, error) = await RunAsync(new RootCommand { command }, "later");

        Assert.Equal(3, code);
        Assert.DoesNotContain("Exception", error, StringComparison.Ordinal);
        Assert.Contains("task-master later: could not finish: the sky fell", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_HelpWithABadValue_ShowsTheHelp()
    {
        var command = new Command("go", "Goes.") { new Option<int>("--count") };
        command.SetAction(_ => 0);

        var (code, output, _) = await RunAsync(new RootCommand { command }, "go", "--count", "abc", "--help");

        Assert.Equal(0, code);
        Assert.Contains("--count", output, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(RootCommand root, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CommandLineRunner.RunAsync(CommandLineGuard.Apply(root), args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    private static string FirstLine(string text) => text.Split('\n')[0].Trim();

    private enum Shape
    {
        Table,
        Json,
    }
}
