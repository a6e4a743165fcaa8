using System.Text.Json;

namespace TaskMaster.Core.Checkpoints;

/// <summary>Where a checkpoint's top-level checksum value sits, and which format it declares.</summary>
/// <param name="ChecksumValue">The bytes between the quotes of the checksum string; null when it is not a string.</param>
/// <param name="ChecksumProperties">How many top-level <c>checksum</c> properties there are (1 is the only good answer).</param>
/// <param name="FormatVersion">The top-level <c>format_version</c> when it is an integer.</param>
internal readonly record struct CheckpointLayout(Range? ChecksumValue, int ChecksumProperties, int? FormatVersion);

/// <summary>
/// One forward pass over the raw bytes, before anything in them is trusted: is this one complete
/// JSON object, and where is the checksum. Nothing is deserialized here.
/// </summary>
internal static class CheckpointLayoutScanner
{
    private enum TopLevel { Other, Checksum, FormatVersion }

    public static CheckpointRefusal? Scan(ReadOnlySpan<byte> bytes, out CheckpointLayout layout)
    {
        layout = default;
        if (bytes.IsEmpty) return new(CheckpointRefusalKind.Truncated, "truncated: the file is empty");

        // isFinalBlock: false makes the reader stop (return false) where the data runs out instead of
        // throwing, which is how a cut-short file is told apart from a malformed one.
        var reader = new Utf8JsonReader(bytes, isFinalBlock: false, state: default);
        Range? checksum = null;
        int checksumProperties = 0;
        int? formatVersion = null;
        var pending = TopLevel.Other;
        var rootClosed = false;
        try
        {
            while (reader.Read())
            {
                if (reader.CurrentDepth == 0)
                {
                    if (reader.TokenType == JsonTokenType.EndObject) rootClosed = true;
                    else if (reader.TokenType != JsonTokenType.StartObject)
                        return new(CheckpointRefusalKind.NotJson, $"not JSON: the file holds a JSON {Describe(reader.TokenType)}, not an object");
                    continue;
                }

                if (reader.CurrentDepth != 1) continue;
                if (reader.TokenType == JsonTokenType.PropertyName)
                {
                    pending = reader.ValueTextEquals("checksum"u8) ? TopLevel.Checksum
                        : reader.ValueTextEquals("format_version"u8) ? TopLevel.FormatVersion
                        : TopLevel.Other;
                    if (pending == TopLevel.Checksum) checksumProperties++;
                    continue;
                }

                if (pending == TopLevel.Checksum && reader.TokenType == JsonTokenType.String)
                {
                    var start = checked((int)reader.TokenStartIndex + 1);
                    checksum = new Range(start, start + reader.ValueSpan.Length);
                }
                else if (pending == TopLevel.FormatVersion && reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var version))
                {
                    formatVersion = version;
                }

                pending = TopLevel.Other;
            }
        }
        catch (JsonException ex)
        {
            return new(CheckpointRefusalKind.NotJson, NotJsonReason(ex));
        }

        if (!rootClosed)
        {
            return new(CheckpointRefusalKind.Truncated,
                $"truncated: the JSON stops at byte {bytes.Length} (line {LineCount(bytes)}) with {reader.CurrentDepth + 1} object(s) or array(s) still open; " +
                $"the last complete token ends at byte {reader.BytesConsumed}");
        }

        layout = new CheckpointLayout(checksum, checksumProperties, formatVersion);
        return null;
    }

    private static string NotJsonReason(JsonException ex)
    {
        // The reader's message ends with "LineNumber: 3 | BytePositionInLine: 10."; say it in words instead.
        var message = ex.Message;
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut >= 0) message = message[..cut];
        // It may quote the bad text up to the end of the file ("'nulL, …' is an invalid JSON literal"):
        // keep the quote's start and what the reader says about it.
        if (message.Length > 240) message = $"{message[..60]}…{message[^120..]}";
        return ex.LineNumber is { } line && ex.BytePositionInLine is { } column
            ? $"not JSON: line {line + 1}, byte {column + 1} of the line: {message}"
            : $"not JSON: {message}";
    }

    private static int LineCount(ReadOnlySpan<byte> bytes) => bytes.Count((byte)'\n') + 1;

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartArray => "array",
        JsonTokenType.String => "string",
        JsonTokenType.Number => "number",
        JsonTokenType.True or JsonTokenType.False => "boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };
}
