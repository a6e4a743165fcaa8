using System.CommandLine;
using System.Runtime.CompilerServices;

namespace TaskMaster.Cli.Parsing;

/// <summary>The kinds of values options take; each parses its own way and refuses bad values with one line.</summary>
internal enum ValueKind
{
    /// <summary>A flag: present or not (or <c>true</c>/<c>false</c>).</summary>
    Flag,

    WholeNumber,

    Number,

    Duration,

    Size,

    /// <summary>One of a fixed set of words (<see cref="ValueRule.Choices"/>).</summary>
    Choice,

    /// <summary>A file that must exist and be a file.</summary>
    InputFile,

    /// <summary>A file to write, in a folder that must exist.</summary>
    OutputFile,

    /// <summary>A folder, created when missing; it must not be a file.</summary>
    Folder,

    /// <summary>An <c>http://</c> or <c>https://</c> address.</summary>
    Url,

    /// <summary>A task or run id: a file name in the home.</summary>
    Id,

    /// <summary>Free text, not empty and at most <see cref="ValueRule.MaxLength"/> characters.</summary>
    Text,

    /// <summary>A form of its own (say, <c>BASE+PER</c>), described by <see cref="ValueRule.Expected"/>.</summary>
    Custom,
}

/// <summary>
/// What an option's value must be. Every option of the command tree carries one, so that its
/// refusals read alike and the tests can feed every option the bad values of its kind.
/// </summary>
/// <param name="Kind">How the value is parsed.</param>
/// <param name="Expected">What a good value is, for the refusal: "a whole number from 1 to 1000000".</param>
internal sealed record ValueRule(ValueKind Kind, string Expected)
{
    /// <summary>The longest text any value may be (a path's limit); <see cref="ValueKind.Text"/> may set less.</summary>
    public const int DefaultMaxLength = 4096;

    public double Min { get; init; } = double.MinValue;

    public double Max { get; init; } = double.MaxValue;

    public TimeSpan MinDuration { get; init; }

    public TimeSpan MaxDuration { get; init; } = TimeSpan.MaxValue;

    public int MaxLength { get; init; } = DefaultMaxLength;

    public IReadOnlyList<string> Choices { get; init; } = [];

    private static readonly ConditionalWeakTable<Symbol, ValueRule> Rules = [];

    /// <summary>The rule an option or argument was declared with; null for one declared without.</summary>
    public static ValueRule? Of(Symbol symbol) => Rules.TryGetValue(symbol, out var rule) ? rule : null;

    public static void Attach(Symbol symbol, ValueRule rule) => Rules.AddOrUpdate(symbol, rule);
}
