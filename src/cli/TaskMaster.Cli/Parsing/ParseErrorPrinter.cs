using System.CommandLine;
using System.CommandLine.Parsing;

namespace TaskMaster.Cli.Parsing;

/// <summary>
/// Prints a refused command line: each problem on one line (what was wrong, which option, what was
/// expected), then where the help is. Not the library's listing of every option, which buries the
/// one line that matters.
/// </summary>
internal static class ParseErrorPrinter
{
    public static void Print(ParseResult parsed, TextWriter error)
    {
        foreach (var problem in parsed.Errors.Select(e => Describe(parsed, e)).Distinct(StringComparer.Ordinal))
            error.WriteLine(problem);
        error.WriteLine($"Run '{CommandPath(parsed.CommandResult)} --help' for its options.");
    }

    private static string Describe(ParseResult parsed, ParseError error)
    {
        var message = string.Join(' ', error.Message.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
        // A word after a flag is left over: say which flag it followed, which the library does not.
        if (error.SymbolResult is CommandResult command && LeftOverAfterFlag(parsed, command) is var (flag, word) && message.Contains($"'{word}'", StringComparison.Ordinal))
            return $"{flag} takes no value: '{word}' is left over (write {flag} alone, or {flag} true|false).";
        return message;
    }

    private static (string Flag, string Word)? LeftOverAfterFlag(ParseResult parsed, CommandResult command)
    {
        var tokens = parsed.Tokens;
        for (var i = 1; i < tokens.Count; i++)
        {
            if (!parsed.UnmatchedTokens.Contains(tokens[i].Value) || tokens[i - 1].Type != TokenType.Option) continue;
            var flag = command.Command.Options.FirstOrDefault(o => o is Option<bool> && (o.Name == tokens[i - 1].Value || o.Aliases.Contains(tokens[i - 1].Value)));
            if (flag is not null) return (flag.Name, tokens[i].Value);
        }
        return null;
    }

    private static string CommandPath(CommandResult result)
    {
        var names = new List<string>();
        for (SymbolResult? at = result; at is not null; at = at.Parent)
        {
            if (at is CommandResult { Command: var c }) names.Add(c is RootCommand ? "task-master" : c.Name);
        }
        names.Reverse();
        return string.Join(' ', names);
    }
}
