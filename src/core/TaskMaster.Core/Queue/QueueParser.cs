using System.Security.Cryptography;
using System.Text;
using Markdig;
using Markdig.Parsers.Inlines;

namespace TaskMaster.Core.Queue;

/// <summary>
/// Reads a <c>task-queue.md</c> file (see <c>spec/queue-format.md</c>) into a <see cref="QueueDefinition"/>,
/// or reports every error in it, each with its line.
/// </summary>
public static class QueueParser
{
    /// <summary>
    /// Precise source locations let field values and task ids be read from the text as written; the
    /// seeder gives each section the whole file's link reference definitions (<see cref="QueueSections"/>).
    /// </summary>
    internal static readonly MarkdownPipeline Pipeline = CreatePipeline();

    /// <summary>Reads and parses the queue file at <paramref name="path"/>.</summary>
    /// <param name="path">The file; the queue's <see cref="QueueDefinition.SourcePath"/> is its full path.</param>
    /// <param name="displayName">How errors name the file (e.g. as the user typed it); defaults to <paramref name="path"/>.</param>
    public static QueueParseResult ParseFile(string path, string? displayName = null)
    {
        var (content, failure) = ReadFile(path, displayName);
        if (failure is not null) return failure;
        var hash = HashOf(content);
        var decoded = QueueTextDecoder.Decode(content);
        // The bytes are not needed past here: not kept through the parse (at a million tasks they are 40-80 MB).
        content = null;
        return Parse(decoded, Path.GetFullPath(path), displayName ?? path, hash);
    }

    /// <summary>A queue file's bytes, or why they cannot be read (as the parse result that says so).</summary>
    internal static (byte[]? Content, QueueParseResult? Failure) ReadFile(string path, string? displayName)
    {
        if (Directory.Exists(path))
            return (null, new QueueParseResult(null, [new QueueError(displayName ?? path, 0, "is a folder, not a file; expected the queue file (task-queue.md)")]));
        try
        {
            return (File.ReadAllBytes(path), null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, new QueueParseResult(null, [new QueueError(displayName ?? path, 0, $"cannot read the file: {e.Message}")]));
        }
    }

    /// <summary>Parses a queue file's bytes (UTF-8, with or without a byte order mark).</summary>
    /// <param name="content">The file's bytes; <see cref="QueueDefinition.ContentHash"/> is their SHA-256.</param>
    /// <param name="sourcePath">Where the file is: relative working directories resolve against its folder.</param>
    /// <param name="displayName">How errors name the file; defaults to <paramref name="sourcePath"/>.</param>
    public static QueueParseResult Parse(ReadOnlySpan<byte> content, string sourcePath, string? displayName = null) =>
        Parse(content, sourcePath, displayName, HashOf(content));

    /// <summary>The queue's identity: the SHA-256 (hex) of its file's bytes.</summary>
    internal static string HashOf(ReadOnlySpan<byte> content) => Convert.ToHexStringLower(SHA256.HashData(content));

    /// <param name="contentHash">The <see cref="HashOf"/> of <paramref name="content"/>, already computed.</param>
    /// <param name="sectionLength">The shortest section Markdig parses at a time (<see cref="QueueSections"/>); tests vary it.</param>
    internal static QueueParseResult Parse(ReadOnlySpan<byte> content, string sourcePath, string? displayName, string contentHash,
        int sectionLength = QueueSections.DefaultLength) =>
        Parse(QueueTextDecoder.Decode(content), sourcePath, displayName, contentHash, sectionLength);

    /// <summary>Parses a queue file's text, decoded from its bytes (whose <see cref="HashOf"/> is <paramref name="contentHash"/>).</summary>
    internal static QueueParseResult Parse(DecodedText decoded, string sourcePath, string? displayName, string contentHash,
        int sectionLength = QueueSections.DefaultLength)
    {
        var errors = new QueueErrors(displayName ?? sourcePath);
        if (decoded.InvalidUtf8Line > 0)
            errors.Add(decoded.InvalidUtf8Line, "the file is not valid UTF-8 (first invalid byte on this line); save it as UTF-8");

        var queue = ParseText(decoded.Text, sourcePath, contentHash, errors, sectionLength);
        return new QueueParseResult(errors.Count == 0 ? queue : null, errors.InLineOrder());
    }

    /// <summary>Parses queue text, as if it were a file holding it in UTF-8; for tests and generated queues.</summary>
    /// <inheritdoc cref="Parse(ReadOnlySpan{byte}, string, string?)" path="/param[@name='sourcePath' or @name='displayName']"/>
    public static QueueParseResult Parse(string content, string sourcePath, string? displayName = null) =>
        Parse(Encoding.UTF8.GetBytes(content), sourcePath, displayName);

    private static QueueDefinition? ParseText(string text, string sourcePath, string contentHash, QueueErrors errors, int sectionLength)
    {
        var tooDeepLine = MarkdownNestingGuard.FindTooDeepLine(text);
        if (tooDeepLine > 0)
        {
            errors.Add(tooDeepLine, $"quotes or lists nested more than {MarkdownNestingGuard.MaxDepth} levels deep; a queue file never needs that");
            return null;
        }

        var errorsBefore = errors.Count;
        QueueDraft draft;
        try
        {
            draft = QueueDocumentReader.Read(QueueSections.Parse(text, Pipeline, sectionLength), Pipeline, errors);
        }
        catch (MarkdownTooDeepException)
        {
            // Markdig's own depth limit, for nesting the line guard does not see (emphasis, links,
            // lists indented line by line). Markdig does not say where. The file is refused with this
            // error alone, as when it was parsed whole: what the sections before gave is dropped.
            errors.RemoveFrom(errorsBefore);
            errors.Add(0, "Markdown nested too deeply to read (quotes, lists, emphasis or links inside each other)");
            return null;
        }
        return QueueAssembler.Assemble(draft, sourcePath, contentHash, errors);
    }

    private static MarkdownPipeline CreatePipeline()
    {
        var builder = new MarkdownPipelineBuilder().UsePreciseSourceLocation();
        builder.InlineParsers.InsertBefore<LinkInlineParser>(new LinkDefinitionSeeder());
        return builder.Build();
    }
}
