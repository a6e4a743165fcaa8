using System.Text.Json;
using TaskMaster.Core.State;

namespace TaskMaster.Core.Checkpoints;

/// <summary>
/// Turns a checkpoint into the bytes of a checkpoint file and back. Encoding writes format 2: the
/// compact JSON of <see cref="CheckpointJsonWriter"/> streamed through SHA-256 into gzip, checksum
/// last. Decoding reads every format this program supports and trusts nothing it has not verified:
/// the file must decompress whole, the JSON must be whole, the checksum must match, the format must be
/// one this program reads, and only then is the content deserialized. Pure: no I/O.
/// </summary>
public static class CheckpointCodec
{
    /// <summary>The oldest <c>format_version</c> this program still reads.</summary>
    public const int OldestReadableFormatVersion = 1;

    /// <summary>The file's bytes.</summary>
    /// <exception cref="JsonException">The document breaks the model (a null where a value is required).</exception>
    public static byte[] Encode(CheckpointDocument document)
    {
        using var file = new MemoryStream();
        return Encode(document, file).Bytes.ToArray();
    }

    /// <summary>The same, with what a store needs, into <paramref name="file"/> (emptied first; the result's bytes are its buffer).</summary>
    /// <exception cref="JsonException">The document breaks the model (a null where a value is required).</exception>
    public static EncodedCheckpoint Encode(CheckpointDocument document, MemoryStream file) =>
        Encode(document, new DocumentTaskRows(document.ExecutionState.Tasks), file);

    /// <summary>
    /// A checkpoint of <paramref name="state"/> as it is now, streamed from the state itself (no
    /// record per task) into <paramref name="file"/>, which is emptied first and may be reused: the
    /// result's bytes are that stream's buffer, valid until it is written again. The caller must not
    /// fold into the state meanwhile.
    /// </summary>
    public static EncodedCheckpoint Encode(RunState state, CheckpointContext context, MemoryStream file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return Encode(CheckpointBuilder.Summary(state, context), new RunStateTaskRows(state), file);
    }

    private static EncodedCheckpoint Encode(CheckpointDocument document, ITaskRows tasks, MemoryStream file)
    {
        file.SetLength(0);
        string checksum;
        long jsonBytes;
        using (var compressor = CheckpointCompression.Compressor(file))
        using (var sink = new CheckpointSink(compressor))
        {
            // Unvalidated: the writer is ours, and the round-trip tests and every reader's layout scan check what it writes.
            using (var writer = new Utf8JsonWriter(sink, new JsonWriterOptions { Encoder = CheckpointJson.Compact.Encoder, SkipValidation = true }))
                CheckpointJsonWriter.WriteAllButChecksum(writer, document, tasks);
            checksum = sink.Finish();
            jsonBytes = sink.Length;
        }
        return new EncodedCheckpoint(document.RunId, document.Sequence, document.Reason, document.Timestamp, document.Journal.Position,
            checksum, file.GetBuffer().AsMemory(0, (int)file.Length), jsonBytes);
    }

    /// <summary>The document, or exactly why these bytes must not be used. Never throws for bad input.</summary>
    public static CheckpointReadResult Decode(ReadOnlySpan<byte> bytes)
    {
        if (!CheckpointCompression.IsCompressed(bytes)) return DecodeJson(bytes);
        var json = CheckpointCompression.Decompress(bytes, out var refusal);
        return json is { } content ? DecodeJson(content.Span) : CheckpointReadResult.Refused(refusal!);
    }

    /// <summary>The document as a person reads it: indented JSON with every field, the tasks one object each.</summary>
    public static string Show(CheckpointDocument document) => JsonSerializer.Serialize(document, CheckpointJson.Document) + "\n";

    private static CheckpointReadResult DecodeJson(ReadOnlySpan<byte> bytes)
    {
        var refusal = CheckpointLayoutScanner.Scan(bytes, out var layout);
        if (refusal is null && CheckpointChecksum.Verify(bytes, layout) is { } checksumProblem)
            refusal = WithFormatNote(checksumProblem, layout.FormatVersion);
        refusal ??= CheckFormatVersion(layout.FormatVersion);
        if (refusal is not null) return CheckpointReadResult.Refused(refusal);

        try
        {
            var document = JsonSerializer.Deserialize(bytes, CheckpointJson.Document);
            if (document is null) return CheckpointReadResult.Refused(CheckpointRefusalKind.SchemaViolation, "schema: the document is null");
            // What the JSON's types allow but a run cannot hold (a NaN duration, a negative count): refused here, not thrown later.
            if (CheckpointRanges.Problem(document) is { } outOfRange)
                return CheckpointReadResult.Refused(CheckpointRefusalKind.SchemaViolation, $"schema: at {outOfRange}");
            // Format 1 wrote the lists; from format 2 on they are the task table's to say.
            return CheckpointReadResult.Valid(document.FormatVersion >= 2 ? CheckpointDerivation.Complete(document) : document);
        }
        catch (JsonException ex)
        {
            return CheckpointReadResult.Refused(CheckpointRefusalKind.SchemaViolation, SchemaReason(ex));
        }
    }

    private static CheckpointRefusal? CheckFormatVersion(int? version) => version switch
    {
        null => new(CheckpointRefusalKind.SchemaViolation, "schema: format_version is missing or not an integer"),
        > CheckpointDocument.CurrentFormatVersion => new(CheckpointRefusalKind.NewerFormat, NewerFormatReason(version.Value)),
        < OldestReadableFormatVersion => new(CheckpointRefusalKind.UnsupportedFormat,
            $"checkpoint format {version} is older than the oldest this program reads ({OldestReadableFormatVersion})"),
        _ => null,
    };

    private static string NewerFormatReason(int version) =>
        $"checkpoint format {version} is newer than this program's {CheckpointDocument.CurrentFormatVersion}; upgrade task-master";

    // A newer format might hash differently one day; saying so beats a bare "corrupted".
    private static CheckpointRefusal WithFormatNote(CheckpointRefusal refusal, int? version) =>
        version > CheckpointDocument.CurrentFormatVersion ? refusal with { Reason = $"{refusal.Reason} (and {NewerFormatReason(version.Value)})" } : refusal;

    private static string SchemaReason(JsonException ex)
    {
        // The serializer speaks of .NET types and constructor parameters; the user knows the JSON path.
        const string Missing = "missing required properties including: ";
        var message = ex.Message;
        var missing = message.IndexOf(Missing, StringComparison.Ordinal);
        var what = missing >= 0 ? "missing required field(s) " + message[(missing + Missing.Length)..].TrimEnd('.')
            : message.Contains("doesn't allow null", StringComparison.Ordinal) ? "null is not allowed here"
            : message.Contains("could not be converted", StringComparison.Ordinal) ? "the value has the wrong type"
            : message;
        return $"schema: at {ex.Path ?? "$"}: {what}";
    }
}
