using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using TaskMaster.Core.Queue;

namespace TaskMaster.Core.Tests.Queue;

/// <summary>
/// Parses a queue a section at every heading (<see cref="QueueSections"/> with no shortest length) and
/// checks it against the oracle: the same text parsed by Markdig as one document, as the parser did
/// before it parsed by sections.
/// </summary>
internal static class SectionedParsing
{
    /// <summary>A section at every top-level heading.</summary>
    public const int EveryHeading = 0;

    /// <summary>The whole file as one section: one Markdig parse of it all.</summary>
    public const int WholeFile = int.MaxValue;

    // A resource request may be infinite (`cpu=1e999`).
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public static QueueParseResult Parse(byte[] content, int sectionLength) =>
        QueueParser.Parse(content, QueueParsing.SourcePath, QueueParsing.FileName, QueueParser.HashOf(content), sectionLength);

    /// <summary>The text parsed a section at every heading, after asserting it reads exactly as the whole file's parse.</summary>
    public static QueueParseResult ParseAsWhole(string text) => ParseAsWhole(Encoding.UTF8.GetBytes(text));

    /// <inheritdoc cref="ParseAsWhole(string)"/>
    public static QueueParseResult ParseAsWhole(byte[] content)
    {
        var whole = Parse(content, WholeFile);
        var sectioned = Parse(content, EveryHeading);
        Assert.Equal(Describe(whole), Describe(sectioned));
        return sectioned;
    }

    /// <summary>Everything a parse gives, as text to compare: the whole queue (every field of every task) and every error with its line, in order.</summary>
    public static string Describe(QueueParseResult result) =>
        (result.Queue is null ? "no queue" : JsonSerializer.Serialize(result.Queue, Indented)) + "\n" + string.Join("\n", result.Errors);

    /// <summary>The lines (from 0) where the sections of <paramref name="text"/> start, a section at every heading.</summary>
    public static int[] SectionStarts(string text) =>
        QueueSections.Parse(text, QueueParser.Pipeline, EveryHeading).Select(s => s.FirstLine).ToArray();
}
