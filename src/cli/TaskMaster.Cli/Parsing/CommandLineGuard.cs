using System.CommandLine;
using System.CommandLine.Parsing;
using System.Reflection;

namespace TaskMaster.Cli.Parsing;

/// <summary>
/// Makes the whole command tree refuse bad input cleanly, whoever declared its options and however:
/// an option of a number, enum or text type declared without a <see cref="CliOptions"/> rule gets the
/// rule of its type; no validator ever sees a value that failed to parse (the library would throw
/// instead of reporting); and every command's action runs behind <see cref="CommandBarrier"/>.
/// Applied once to the tree the program runs, so options and commands added later are covered.
/// </summary>
internal static class CommandLineGuard
{
    public static RootCommand Apply(RootCommand root)
    {
        foreach (var command in Walk(root))
        {
            foreach (var option in command.Options)
            {
                GiveDefaultRule(option);
                GuardValidators(option.Validators, result => Converts(result));
            }
            foreach (var argument in command.Arguments)
            {
                GiveDefaultRule(argument);
                GuardValidators(argument.Validators, result => Converts(result));
            }
            // A command's validator reads its options' values: none may have failed to parse.
            GuardValidators(command.Validators, result => result.Children.All(child => child switch
            {
                OptionResult option => Converts(option),
                ArgumentResult argument => Converts(argument),
                _ => true,
            }));
            if (command.Action is { } action and not CommandBarrier) command.Action = new CommandBarrier(command, action);
        }
        return root;
    }

    public static IEnumerable<Command> Walk(Command command) => command.Subcommands.SelectMany(Walk).Prepend(command);

    private static void GuardValidators<TResult>(List<Action<TResult>> validators, Func<TResult, bool> valuesParsed)
    {
        for (var i = 0; i < validators.Count; i++)
        {
            var validator = validators[i];
            validators[i] = result =>
            {
                if (valuesParsed(result)) validator(result);
            };
        }
    }

    private static bool Converts(OptionResult result) => Reads(() => result.GetValueOrDefault<object?>());

    private static bool Converts(ArgumentResult result) => Reads(() => result.GetValueOrDefault<object?>());

    // Reading a value that failed to parse throws; its refusal is already recorded by then.
    private static bool Reads(Func<object?> read)
    {
        try
        {
            _ = read();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static void GiveDefaultRule(Symbol symbol)
    {
        if (ValueRule.Of(symbol) is not null) return;
        var name = symbol is Option o ? o.Name : $"<{symbol.Name}>";
        switch (symbol)
        {
            case Option<bool> or Argument<bool>:
                ValueRule.Attach(symbol, new ValueRule(ValueKind.Flag, "true or false"));
                break;
            case Option<int> or Option<int?> or Argument<int> or Argument<int?>:
                InstallValue<int>(symbol, CliOptions.NumberRule(ValueKind.WholeNumber, int.MinValue, int.MaxValue), (rule, text) => ValueParsers.WholeNumber(name, text, rule).Map(v => (int)v));
                break;
            case Option<long> or Option<long?> or Argument<long> or Argument<long?>:
                InstallValue<long>(symbol, CliOptions.NumberRule(ValueKind.WholeNumber, long.MinValue, long.MaxValue), (rule, text) => ValueParsers.WholeNumber(name, text, rule));
                break;
            case Option<double> or Option<double?> or Argument<double> or Argument<double?>:
                InstallValue<double>(symbol, CliOptions.NumberRule(ValueKind.Number, double.MinValue, double.MaxValue), (rule, text) => ValueParsers.Number(name, text, rule));
                break;
            case Option<string> or Argument<string>:
                InstallText(symbol, new ValueRule(ValueKind.Text, "a value"), (rule, text) => ValueParsers.Text(name, text, rule));
                break;
            default:
                var type = (symbol as Option)?.ValueType ?? (symbol as Argument)?.ValueType;
                if (type is { IsEnum: true })
                    typeof(CommandLineGuard).GetMethod(nameof(InstallChoice), BindingFlags.NonPublic | BindingFlags.Static)!
                        .MakeGenericMethod(type).Invoke(null, [symbol, name]);
                break;
        }
    }

    private static void InstallChoice<TEnum>(Symbol symbol, string name) where TEnum : struct, Enum
    {
        var choices = Enum.GetValues<TEnum>().ToDictionary(v => v.ToString().ToLowerInvariant(), v => v);
        var rule = CliOptions.ChoiceRule(choices.Keys);
        InstallValue<TEnum>(symbol, rule, (r, text) => ValueParsers.Choice(name, text, r, choices));
    }

    /// <summary>Sets the parser of a <typeparamref name="T"/> or <c>T?</c> option or argument that has none.</summary>
    private static void InstallValue<T>(Symbol symbol, ValueRule rule, Func<ValueRule, string, Parsed<T>> parse) where T : struct
    {
        ValueRule.Attach(symbol, rule);
        switch (symbol)
        {
            case Option<T> { CustomParser: null } option:
                option.CustomParser = result => Parse(result, rule, parse);
                break;
            case Option<T?> { CustomParser: null } option:
                option.CustomParser = result => Parse(result, rule, parse);
                break;
            case Argument<T> { CustomParser: null } argument:
                argument.CustomParser = result => Parse(result, rule, parse);
                break;
            case Argument<T?> { CustomParser: null } argument:
                argument.CustomParser = result => Parse(result, rule, parse);
                break;
        }
    }

    private static void InstallText(Symbol symbol, ValueRule rule, Func<ValueRule, string, Parsed<string>> parse)
    {
        ValueRule.Attach(symbol, rule);
        switch (symbol)
        {
            case Option<string> { CustomParser: null } option:
                option.CustomParser = result => Parse(result, rule, parse);
                break;
            case Argument<string> { CustomParser: null } argument:
                argument.CustomParser = result => Parse(result, rule, parse);
                break;
        }
    }

    private static T Parse<T>(ArgumentResult result, ValueRule rule, Func<ValueRule, string, Parsed<T>> parse)
    {
        if (result.Tokens.Count == 0) return default!;
        var parsed = parse(rule, result.Tokens[^1].Value);
        if (parsed.Problem is { } problem) result.AddError(problem);
        return parsed.Value;
    }
}
