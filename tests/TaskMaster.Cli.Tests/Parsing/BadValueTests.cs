using System.CommandLine;
using System.CommandLine.Help;
using TaskMaster.Cli.Parsing;
using TaskMaster.Cli.Tests.Support;

namespace TaskMaster.Cli.Tests.Parsing;

/// <summary>
/// Every command of the real command tree, fed bad values of every option it has, by the kind of
/// value each takes: an option added later is covered without touching this file. In process
/// (thousands of cases); <see cref="Commands.BadInputTests"/> drives a representative set through the real program.
/// </summary>
public sealed class BadValueTests : IDisposable
{
    private readonly QueueWorkspace _workspace = new("# Queue: q\n\n### a: A\n- run: `touch ran`\n");

    [Fact]
    public void EveryOptionAndArgument_DeclaresTheKindOfValueItTakes()
    {
        var undeclared = Options().Where(x => ValueRule.Of(x.Option) is null).Select(x => $"{x.Path} {x.Option.Name}")
            .Concat(Arguments().Where(x => ValueRule.Of(x.Argument) is null).Select(x => $"{x.Path} <{x.Argument.Name}>"))
            .ToList();

        Assert.True(undeclared.Count == 0, "declare these with CliOptions (or a number, enum or string type): " + string.Join(", ", undeclared));
    }

    [Fact]
    public async Task EveryOptionOfEveryCommand_BadValue_RefusedWithOneLineNamingItAndExitCode2()
    {
        var values = new OptionValues(_workspace.Root);
        var failures = new List<string>();
        var cases = 0;
        foreach (var (path, command, option) in Options())
        {
            foreach (var bad in values.Bad(option, ValueRule.Of(option)!))
            {
                cases++;
                string[] args = [.. path.Split(' ').Skip(1), .. RequiredArguments(command, option, values), .. GoodPositionals(command, values), option.Name, bad];
                if (await RefusalProblemAsync(args, [option.Name, .. option.Aliases]) is { } problem) failures.Add($"task-master {string.Join(' ', args.Select(Quoted))}: {problem}");
            }
        }

        foreach (var (path, command, argument) in Arguments())
        {
            foreach (var bad in values.Bad(argument, ValueRule.Of(argument)!))
            {
                cases++;
                var positional = command.Arguments.Select(a => a == argument ? bad : values.Good(ValueRule.Of(a)!));
                string[] args = [.. path.Split(' ').Skip(1), .. RequiredArguments(command, tested: null, values), .. positional];
                if (await RefusalProblemAsync(args, $"<{argument.Name}>") is { } problem) failures.Add($"task-master {string.Join(' ', args.Select(Quoted))}: {problem}");
            }
        }

        Assert.True(cases > 300, $"only {cases} cases: is the tree walked?");
        Assert.True(failures.Count == 0, $"{failures.Count} of {cases} bad values were not refused cleanly:\n" + string.Join("\n", failures.Take(40)));
    }

    /// <summary>Why the program's answer to <paramref name="args"/> is not a clean refusal naming the symbol by one of <paramref name="names"/>; null when it is.</summary>
    private static async Task<string?> RefusalProblemAsync(string[] args, params string[] names)
    {
        var root = Program.Commands();
        // Only a parse that refuses is run: an accepted bad value must not start a run in the test process.
        if (root.Parse(args).Errors.Count == 0) return "accepted";
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CommandLineRunner.RunAsync(root, args, output, error);
        var lines = error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var all = output + error.ToString();
        if (code != 2) return $"exit code {code}";
        if (output.ToString().Length > 0) return $"printed on stdout: {output}";
        if (all.Contains("Exception", StringComparison.Ordinal) || all.Contains("   at ", StringComparison.Ordinal)) return $"an exception reached the user: {all}";
        if (lines.Length != 2 || !lines[1].StartsWith("Run 'task-master", StringComparison.Ordinal)) return $"not one line and the help hint: {all}";
        if (!names.Any(n => lines[0].Contains(n, StringComparison.Ordinal))) return $"the refusal does not name {names[0]}: {lines[0]}";
        return null;
    }

    /// <summary>Good values for the options <paramref name="command"/> requires, except the one under test.</summary>
    private static IEnumerable<string> RequiredArguments(Command command, Option? tested, OptionValues values) =>
        command.Options.Where(o => o.Required && o != tested).SelectMany(o => new[] { o.Name, values.Good(ValueRule.Of(o)!) });

    private static IEnumerable<string> GoodPositionals(Command command, OptionValues values) =>
        command.Arguments.Select(a => values.Good(ValueRule.Of(a)!));

    /// <summary>Every positional argument of every command that runs something.</summary>
    private static IEnumerable<(string Path, Command Command, Argument Argument)> Arguments() =>
        Walk(Program.Commands(), "task-master")
            .Where(x => x.Command.Action is not null)
            .SelectMany(x => x.Command.Arguments.Select(a => (x.Path, x.Command, a)));

    /// <summary>Every option of every command that runs something, with the command's path; help and version print and exit.</summary>
    private static IEnumerable<(string Path, Command Command, Option Option)> Options()
    {
        var root = Program.Commands();
        return Walk(root, "task-master")
            .Where(x => x.Command.Action is not null)
            .SelectMany(x => x.Command.Options.Where(o => o is not HelpOption and not VersionOption).Select(o => (x.Path, x.Command, o)));
    }

    private static IEnumerable<(string Path, Command Command)> Walk(Command command, string path) =>
        command.Subcommands.SelectMany(c => Walk(c, $"{path} {c.Name}")).Prepend((path, command));

    private static string Quoted(string arg) => arg.Length == 0 || arg.Contains(' ', StringComparison.Ordinal) ? $"'{arg}'" : arg;

    public void Dispose() => _workspace.Dispose();
}
