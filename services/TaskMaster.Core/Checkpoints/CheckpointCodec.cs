using System.Text.Json;

namespace TaskMaster.Core.Checkpoints;

/// <summary>
/// Turns a <see cref="CheckpointDocument"/> into the bytes of a checkpoint file and back.
/// Encoding is indented UTF-8 JSON with <c>checksum</c> last; decoding trusts nothing it has not
/// verified: the JSON must be whole, the checksum must match, the format must be one this program
/// reads, and only then is the content deserialized. Pure: no I/O.
/// </summary>
public static class CheckpointCodec
{
    /// <summary>The oldest <c>format_version</c> this program still reads.</summary>
    public const int OldestReadableFormatVersion = 1;

    /// <summary>The file's bytes: indented JSON, a final newline, and the checksum filled in.</summary>
    /// <exception cref="JsonException">The document breaks the model (a null where a value is required).</exception>
    public static byte[] Encode(CheckpointDocument document)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(document with { Checksum = "" }, CheckpointJson.Document);
        var unsigned = new byte[json.Length + 1];
        json.CopyTo(unsigned, 0);
        unsigned[^1] = (byte)'\n';
        return CheckpointChecksum.Sign(unsigned);
    }

    /// <summary>The document, or exactly why these bytes must not be used. Never throws for bad input.</summary>
    public static CheckpointReadResult Decode(ReadOnlySpan<byte> bytes)
    {
        var refusal = CheckpointLayoutScanner.Scan(bytes, out var layout);
        if (refusal is null && CheckpointChecksum.Verify(bytes, layout) is { } checksumProblem)
            refusal = WithFormatNote(checksumProblem, layout.FormatVersion);
        refusal ??= CheckFormatVersion(layout.FormatVersion);
        if (refusal is not null) return CheckpointReadResult.Refused(refusal);

        try
        {
            var document = JsonSerializer.Deserialize(bytes, CheckpointJson.Document);
            return document is null
                ? CheckpointReadResult.Refused(CheckpointRefusalKind.SchemaViolation, "schema: the document is null")
                : CheckpointReadResult.Valid(document);
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
