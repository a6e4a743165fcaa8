using System.CommandLine;
using System.Globalization;
using TaskMaster.Cli.Parsing;
using TaskMaster.Core.Queue;

namespace TaskMaster.Cli.Tests.Support;

/// <summary>
/// Values for an option, made from the kind of value it takes (its <see cref="ValueRule"/>): bad ones
/// to feed it (not a number, negative, out of range, empty, a bad duration or size, a path that
/// cannot be read or written…) and a good one for the options a command requires.
/// </summary>
internal sealed class OptionValues(string workspace)
{
    /// <summary>An existing, valid queue file.</summary>
    public string QueueFile { get; } = Path.Combine(workspace, "task-queue.md");

    public IEnumerable<string> Bad(Symbol symbol, ValueRule rule) => rule.Kind switch
    {
        ValueKind.Flag => ["maybe"],
        ValueKind.WholeNumber => ["abc", "1.5", "", "1e3", "99999999999999999999999", .. Below(rule), .. Above(rule)],
        ValueKind.Number => ["abc", "", "NaN", "Infinity", "1e999", "0x10", .. Below(rule), .. Above(rule)],
        ValueKind.Duration => ["abc", "", "5", "-1s", "1x", "1.s", .. ShorterThan(rule), .. LongerThan(rule)],
        ValueKind.Size => ["abc", "", "5Q", "-1", "0", "1.5"],
        ValueKind.Choice => ["nope", "", rule.Choices[0] + "x"],
        ValueKind.InputFile => ["", "/nonexistent-dir/missing.md", "missing.md", workspace],
        ValueKind.OutputFile => ["", "/nonexistent-dir/out.html", Path.Combine(workspace, "no-such-folder", "out.html"), workspace],
        ValueKind.Folder => ["", "   ", QueueFile],
        ValueKind.Url => ["", "not a url", "ftp://example.org/x", "http//missing-colon"],
        ValueKind.Id => ["", "../escape", "a/b", "-leading-dash", new string('a', TaskId.MaxLength + 1)],
        ValueKind.Text => ["", "   ", new string('x', rule.MaxLength + 1)],
        ValueKind.Custom => ["abc", "", "+"],
        _ => throw new InvalidOperationException($"{symbol.Name}: no bad values for {rule.Kind}"),
    };

    public string Good(ValueRule rule) => rule.Kind switch
    {
        ValueKind.WholeNumber or ValueKind.Number => Number(Math.Max(rule.Min, Math.Min(rule.Max, 1))),
        ValueKind.Duration => DurationFormat.Format(rule.MaxDuration < TimeSpan.FromDays(1) ? rule.MaxDuration : TimeSpan.FromDays(1)),
        ValueKind.Choice => rule.Choices[0],
        ValueKind.InputFile => QueueFile,
        ValueKind.OutputFile => Path.Combine(workspace, "out.html"),
        ValueKind.Folder => Path.Combine(workspace, ".home"),
        ValueKind.Url => "http://127.0.0.1:9",
        ValueKind.Id => "a",
        _ => "x",
    };

    private static IEnumerable<string> Below(ValueRule rule) => rule.Min > -1e15 ? [Number(rule.Min - 1)] : [];

    private static IEnumerable<string> Above(ValueRule rule) => rule.Max < 1e15 ? [Number(rule.Max + 1)] : [];

    private static IEnumerable<string> ShorterThan(ValueRule rule) =>
        rule.MinDuration > TimeSpan.Zero ? [DurationFormat.Format(rule.MinDuration / 2)] : [];

    private static IEnumerable<string> LongerThan(ValueRule rule) =>
        rule.MaxDuration < TimeSpan.FromDays(100_000) ? [DurationFormat.Format(rule.MaxDuration * 2)] : [];

    private static string Number(double value) => value.ToString(CultureInfo.InvariantCulture);
}
