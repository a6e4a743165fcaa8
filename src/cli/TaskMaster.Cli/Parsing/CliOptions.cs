using System.CommandLine;
using TaskMaster.Core.Queue;

namespace TaskMaster.Cli.Parsing;

/// <summary>
/// Declares options by the kind of value they take, so that every bad value is refused while the
/// command line is parsed, with one line that names the option, shows the value and says what was
/// expected, and never by an exception. Options declared without these get the rule of their type
/// from <see cref="CommandLineGuard"/>.
/// </summary>
internal static class CliOptions
{
    public static Option<int?> WholeNumber(string name, string description, int min, int max, params string[] aliases)
    {
        var rule = NumberRule(ValueKind.WholeNumber, min, max);
        return Declare(new Option<int?>(name, aliases) { Description = description }, rule,
            text => ValueParsers.WholeNumber(name, text, rule).Map(v => (int?)(int)v));
    }

    public static Option<int> WholeNumber(string name, string description, int min, int max, int fallback)
    {
        var rule = NumberRule(ValueKind.WholeNumber, min, max);
        return Declare(new Option<int>(name) { Description = description, DefaultValueFactory = _ => fallback }, rule,
            text => ValueParsers.WholeNumber(name, text, rule).Map(v => (int)v));
    }

    public static Option<int?> Port(string name, string description) => WholeNumber(name, description, 0, 65535);

    public static Option<double?> Number(string name, string description, double min, double max)
    {
        var rule = NumberRule(ValueKind.Number, min, max);
        return Declare(new Option<double?>(name) { Description = description }, rule,
            text => ValueParsers.Number(name, text, rule).Map(v => (double?)v));
    }

    public static Option<double> Number(string name, string description, double min, double max, double fallback)
    {
        var rule = NumberRule(ValueKind.Number, min, max);
        return Declare(new Option<double>(name) { Description = description, DefaultValueFactory = _ => fallback }, rule,
            text => ValueParsers.Number(name, text, rule));
    }

    /// <summary>A duration, kept as written (read it with <see cref="DurationFormat"/>); null when not given.</summary>
    public static Option<string?> Duration(string name, string description, TimeSpan min, TimeSpan max)
    {
        var rule = DurationRule(min, max);
        return Declare(new Option<string?>(name) { Description = description }, rule,
            text => ValueParsers.Duration(name, text, rule).Map(v => (string?)v));
    }

    public static Option<string> Duration(string name, string description, TimeSpan min, TimeSpan max, string fallback)
    {
        var rule = DurationRule(min, max);
        return Declare(new Option<string>(name) { Description = description, DefaultValueFactory = _ => fallback }, rule,
            text => ValueParsers.Duration(name, text, rule));
    }

    /// <summary>A size in bytes, kept as written (read it with <see cref="SizeFormat"/>).</summary>
    public static Option<string?> Size(string name, string description)
    {
        var rule = new ValueRule(ValueKind.Size, "a size such as 512Mi, 8Gi or 2G");
        return Declare(new Option<string?>(name) { Description = description }, rule,
            text => ValueParsers.Size(name, text, rule).Map(v => (string?)v));
    }

    /// <summary>One of <paramref name="choices"/>' words (any case).</summary>
    public static Option<T> Choice<T>(string name, string description, IReadOnlyDictionary<string, T> choices)
    {
        var rule = ChoiceRule(choices.Keys);
        var option = Declare(new Option<T>(name) { Description = description }, rule, text => ValueParsers.Choice(name, text, rule, choices));
        option.CompletionSources.Add([.. choices.Keys]);
        return option;
    }

    public static Option<T> Choice<T>(string name, string description, IReadOnlyDictionary<string, T> choices, T fallback)
    {
        var option = Choice(name, description, choices);
        option.DefaultValueFactory = _ => fallback;
        return option;
    }

    /// <param name="what">What the file is, for a refusal: "the queue file (task-queue.md)".</param>
    public static Option<FileInfo> InputFile(string name, string description, string what, params string[] aliases)
    {
        var rule = new ValueRule(ValueKind.InputFile, what);
        return Declare(new Option<FileInfo>(name, aliases) { Description = description }, rule, text => ValueParsers.InputFile(name, text, rule));
    }

    /// <param name="what">What is written, for a refusal: "the report".</param>
    public static Option<FileInfo?> OutputFile(string name, string description, string what, params string[] aliases)
    {
        var rule = new ValueRule(ValueKind.OutputFile, what);
        return Declare(new Option<FileInfo?>(name, aliases) { Description = description }, rule,
            text => ValueParsers.OutputFile(name, text, rule).Map(v => (FileInfo?)v));
    }

    public static Option<string?> Folder(string name, string description)
    {
        var rule = new ValueRule(ValueKind.Folder, "a folder");
        return Declare(new Option<string?>(name) { Description = description }, rule,
            text => ValueParsers.Folder(name, text, rule).Map(v => (string?)v));
    }

    public static Option<Uri?> Url(string name, string description, string example)
    {
        var rule = new ValueRule(ValueKind.Url, $"an http:// or https:// address, e.g. {example}");
        return Declare(new Option<Uri?>(name) { Description = description }, rule,
            text => ValueParsers.Url(name, text, rule).Map(v => (Uri?)v));
    }

    /// <summary>A task's or a run's id: the syntax and length of <see cref="TaskId"/>, since it names files in the home.</summary>
    /// <param name="what">"a task id" or "a run id, e.g. run-20261124-234655-f192".</param>
    public static Option<string?> Id(string name, string description, string what)
    {
        var rule = IdRule(what);
        return Declare(new Option<string?>(name) { Description = description }, rule,
            text => ValueParsers.Id(name, text, rule).Map(v => (string?)v));
    }

    /// <summary>An id option that may be given again for more (<c>--task a --task b</c>); empty when not given.</summary>
    public static Option<string[]> Ids(string name, string description, string what)
    {
        var rule = IdRule(what);
        var option = new Option<string[]>(name) { Description = description, HelpName = "ID", DefaultValueFactory = _ => [] };
        ValueRule.Attach(option, rule);
        option.CustomParser = result =>
        {
            var ids = new List<string>(result.Tokens.Count);
            foreach (var token in result.Tokens)
            {
                var parsed = ValueParsers.Id(name, token.Value, rule);
                if (parsed.Problem is { } problem) result.AddError(problem);
                else ids.Add(parsed.Value);
            }
            return [.. ids];
        };
        return option;
    }

    /// <summary>A positional id (<c>task-master logs TASK</c>), refused as <see cref="Id"/> refuses one.</summary>
    public static Argument<string> IdArgument(string name, string description, string what)
    {
        var rule = IdRule(what);
        var argument = new Argument<string>(name) { Description = description };
        ValueRule.Attach(argument, rule);
        argument.CustomParser = result =>
        {
            if (result.Tokens.Count == 0) return default!;
            var parsed = ValueParsers.Id($"<{name}>", result.Tokens[^1].Value, rule);
            if (parsed.Problem is { } problem) result.AddError(problem);
            return parsed.Value;
        };
        return argument;
    }

    private static ValueRule IdRule(string what) =>
        new(ValueKind.Id, $"{what}: letters, digits, `.`, `_` and `-`, at most {TaskId.MaxLength} characters") { MaxLength = TaskId.MaxLength };

    /// <summary>Free text, not empty, at most <paramref name="maxLength"/> characters.</summary>
    /// <param name="what">What the text is, for a refusal: "an address such as 127.0.0.1".</param>
    public static Option<string?> Text(string name, string description, string what, int maxLength = ValueRule.DefaultMaxLength)
    {
        var rule = new ValueRule(ValueKind.Text, what) { MaxLength = maxLength };
        return Declare(new Option<string?>(name) { Description = description }, rule,
            text => ValueParsers.Text(name, text, rule).Map(v => (string?)v));
    }

    public static Option<string> Text(string name, string description, string what, string fallback)
    {
        var rule = new ValueRule(ValueKind.Text, what);
        return Declare(new Option<string>(name) { Description = description, DefaultValueFactory = _ => fallback }, rule,
            text => ValueParsers.Text(name, text, rule));
    }

    /// <summary>A value of a form of its own, read by <paramref name="parse"/> (false: refused, saying <paramref name="expected"/>).</summary>
    /// <param name="helpName">How the help names the value: <c>BASE+PER</c>.</param>
    public static Option<T> Custom<T>(string name, string description, string expected, TryParse<T> parse, T fallback, string helpName)
    {
        var rule = new ValueRule(ValueKind.Custom, expected);
        return Declare(new Option<T>(name) { Description = description, DefaultValueFactory = _ => fallback, HelpName = helpName }, rule,
            text => parse(text, out var value) ? Parsed<T>.Good(value) : Parsed<T>.Bad(ValueParsers.Refusal(name, text, rule)));
    }

    public delegate bool TryParse<T>(string text, out T value);

    /// <summary>Gives an option its rule and a parser that adds a parse error instead of throwing.</summary>
    internal static Option<T> Declare<T>(Option<T> option, ValueRule rule, Func<string, Parsed<T>> parse)
    {
        ValueRule.Attach(option, rule);
        // The help names the kind of value: --checkpoint-interval <DURATION>, --action <retry|skip|succeed|cancel>.
        option.HelpName ??= rule.Kind switch
        {
            ValueKind.WholeNumber or ValueKind.Number => "N",
            ValueKind.Duration => "DURATION",
            ValueKind.Size => "SIZE",
            ValueKind.Choice => string.Join('|', rule.Choices),
            ValueKind.InputFile or ValueKind.OutputFile => "FILE",
            ValueKind.Folder => "DIR",
            ValueKind.Url => "URL",
            ValueKind.Id => "ID",
            _ => null,
        };
        option.CustomParser = result =>
        {
            // Arity is checked before: an option given without a value never reaches its parser.
            if (result.Tokens.Count == 0) return default!;
            var text = result.Tokens[^1].Value;
            var parsed = text.Length > rule.MaxLength && rule.Kind != ValueKind.Text
                ? Parsed<T>.Bad($"{option.Name}: the value is {text.Length:N0} characters long; expected {rule.Expected}.")
                : parse(text);
            if (parsed.Problem is { } problem) result.AddError(problem);
            return parsed.Value;
        };
        return option;
    }

    internal static ValueRule NumberRule(ValueKind kind, double min, double max) =>
        new(kind, kind == ValueKind.WholeNumber ? $"a whole number from {min:0} to {max:0}" : $"a number from {min:0.###} to {max:0.###}")
        {
            Min = min, Max = max,
        };

    internal static ValueRule ChoiceRule(IEnumerable<string> words)
    {
        var list = words.ToList();
        return new ValueRule(ValueKind.Choice, list.Count == 1 ? list[0] : $"one of {string.Join(", ", list[..^1])} or {list[^1]}") { Choices = list };
    }

    private static ValueRule DurationRule(TimeSpan min, TimeSpan max) =>
        new(ValueKind.Duration, $"a duration from {DurationFormat.Format(min)} to {DurationFormat.Format(max)}, such as 500ms, 30s, 5m, 1h or 30d")
        {
            MinDuration = min, MaxDuration = max,
        };
}
