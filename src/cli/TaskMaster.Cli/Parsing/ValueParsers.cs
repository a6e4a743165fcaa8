using System.Globalization;
using TaskMaster.Core.Queue;

namespace TaskMaster.Cli.Parsing;

/// <summary>A value read from the command line, or why it was refused (one line naming the option and the value).</summary>
internal readonly record struct Parsed<T>(T Value, string? Problem)
{
    public static Parsed<T> Good(T value) => new(value, null);

    public static Parsed<T> Bad(string problem) => new(default!, problem);

    /// <summary>The same outcome with the value converted (a refusal stays a refusal).</summary>
    public Parsed<TOut> Map<TOut>(Func<T, TOut> convert) => Problem is null ? new(convert(Value), null) : new(default!, Problem);
}

/// <summary>
/// Reads each kind of value an option takes. Never throws: a bad value is a refusal that names the
/// option, shows the value and says what was expected.
/// </summary>
internal static class ValueParsers
{
    public static Parsed<long> WholeNumber(string name, string text, ValueRule rule) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite, CultureInfo.InvariantCulture, out var value)
        && value >= rule.Min && value <= rule.Max
            ? Parsed<long>.Good(value)
            : Parsed<long>.Bad(Refusal(name, text, rule));

    public static Parsed<double> Number(string name, string text, ValueRule rule) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
        && double.IsFinite(value) && value >= rule.Min && value <= rule.Max
            ? Parsed<double>.Good(value)
            : Parsed<double>.Bad(Refusal(name, text, rule));

    /// <summary>The text as given, once it reads as a duration within the rule's bounds.</summary>
    public static Parsed<string> Duration(string name, string text, ValueRule rule) =>
        DurationFormat.TryParse(text, out var span) && span >= rule.MinDuration && span <= rule.MaxDuration
            ? Parsed<string>.Good(text)
            : Parsed<string>.Bad(Refusal(name, text, rule));

    public static Parsed<string> Size(string name, string text, ValueRule rule) =>
        SizeFormat.TryParse(text, out var bytes) && bytes > 0
            ? Parsed<string>.Good(text)
            : Parsed<string>.Bad(Refusal(name, text, rule));

    public static Parsed<T> Choice<T>(string name, string text, ValueRule rule, IReadOnlyDictionary<string, T> choices)
    {
        foreach (var (word, value) in choices)
        {
            if (string.Equals(word, text.Trim(), StringComparison.OrdinalIgnoreCase)) return Parsed<T>.Good(value);
        }
        return Parsed<T>.Bad(Refusal(name, text, rule));
    }

    public static Parsed<FileInfo> InputFile(string name, string text, ValueRule rule)
    {
        if (text.Length == 0) return Parsed<FileInfo>.Bad(Refusal(name, text, rule));
        if (Directory.Exists(text)) return Parsed<FileInfo>.Bad($"{PathShown(text)}: is a folder, not a file; {name} expects {rule.Expected}.");
        if (!File.Exists(text)) return Parsed<FileInfo>.Bad($"{PathShown(text)}: no such file; {name} expects {rule.Expected}.");
        return Parsed<FileInfo>.Good(new FileInfo(text));
    }

    public static Parsed<FileInfo> OutputFile(string name, string text, ValueRule rule)
    {
        if (text.Length == 0) return Parsed<FileInfo>.Bad(Refusal(name, text, rule));
        if (Directory.Exists(text)) return Parsed<FileInfo>.Bad($"{PathShown(text)}: is a folder, not a file; {name} expects {rule.Expected}.");
        var folder = Path.GetDirectoryName(Path.GetFullPath(text));
        if (folder is not null && !Directory.Exists(folder))
            return Parsed<FileInfo>.Bad($"{PathShown(text)}: the folder {PathShown(folder)} does not exist; {name} expects {rule.Expected}, in a folder that exists.");
        return Parsed<FileInfo>.Good(new FileInfo(text));
    }

    public static Parsed<string> Folder(string name, string text, ValueRule rule)
    {
        if (text.Trim().Length == 0) return Parsed<string>.Bad(Refusal(name, text, rule));
        if (File.Exists(text)) return Parsed<string>.Bad($"{PathShown(text)}: is a file, not a folder; {name} expects {rule.Expected}.");
        return Parsed<string>.Good(text);
    }

    public static Parsed<Uri> Url(string name, string text, ValueRule rule) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? Parsed<Uri>.Good(uri)
            : Parsed<Uri>.Bad(Refusal(name, text, rule));

    public static Parsed<string> Id(string name, string text, ValueRule rule) =>
        TaskId.IsValid(text) && text.Length <= rule.MaxLength
            ? Parsed<string>.Good(text)
            : Parsed<string>.Bad(Refusal(name, text, rule));

    public static Parsed<string> Text(string name, string text, ValueRule rule)
    {
        if (text.Trim().Length == 0) return Parsed<string>.Bad($"{name}: the value is empty; expected {rule.Expected}.");
        if (text.Length > rule.MaxLength)
            return Parsed<string>.Bad($"{name}: the value is {text.Length:N0} characters long; expected {rule.Expected}, at most {rule.MaxLength:N0} characters.");
        return Parsed<string>.Good(text);
    }

    /// <summary>"--concurrency: 'abc' is not a whole number from 1 to 1000000."</summary>
    public static string Refusal(string name, string text, ValueRule rule) =>
        text.Trim().Length == 0 ? $"{name}: the value is empty; expected {rule.Expected}." : $"{name}: {Shown(text)} is not {rule.Expected}.";

    /// <summary>A value as a refusal shows it: quoted, on one line, and cut when long.</summary>
    public static string Shown(string text)
    {
        var line = text.ReplaceLineEndings("⏎");
        return line.Length <= 80 ? $"'{line}'" : $"'{line[..60]}…' ({text.Length:N0} characters)";
    }

    /// <summary>A path as a refusal starts with it (<c>FILE: message</c>), on one line.</summary>
    private static string PathShown(string path) => path.ReplaceLineEndings("⏎");
}
